using System.Collections.Generic;
using System.Linq;

namespace CowCollections.Segments;

/// <summary>
/// The result of <see cref="SegmentFile.Check(System.IProgress{SegmentCheckProgress})"/>: every retained commit with its
/// roots, and every problem found. A file is healthy when no commit has a problem and no header slot is damaged.
/// </summary>
public sealed class SegmentCheckReport
{
    internal SegmentCheckReport(string filePath, string? headerProblem, IReadOnlyList<SegmentCommitCheck> commits, long valuesChecked, long nodeRecordsChecked)
    {
        NodeRecordsChecked = nodeRecordsChecked;
        FilePath = filePath;
        HeaderProblem = headerProblem;
        Commits = commits;
        ValuesChecked = valuesChecked;
    }

    /// <summary>The checked file.</summary>
    public string FilePath { get; }

    /// <summary>
    /// Set when a header slot holds damaged bytes: for example the newest slot failed its checksum and the file
    /// opened at the commit before it, so the commit that slot named is lost (a crash while writing the header
    /// leaves the same picture: the commit that was being made never became durable). Null when both slots are
    /// valid, or one is valid and the other was never written.
    /// </summary>
    public string? HeaderProblem { get; }

    /// <summary>Every retained commit, oldest first, with its roots or the problem that stopped its check.</summary>
    public IReadOnlyList<SegmentCommitCheck> Commits { get; }

    /// <summary>
    /// How many values (elements and entries) the retained commits hold together, each read through its commit's
    /// roots; a value that several commits share is counted once for each.
    /// </summary>
    public long ValuesChecked { get; }

    /// <summary>
    /// How many node records (branches, leaves, dictionary nodes) were decoded and checked. Commits share the nodes
    /// they did not change, and each shared record is checked once, for the first commit that reaches it, so this
    /// grows with what the commits changed, not with their number.
    /// </summary>
    public long NodeRecordsChecked { get; }

    /// <summary>True when no commit has a problem and <see cref="HeaderProblem"/> is null.</summary>
    public bool IsHealthy => HeaderProblem is null && Commits.All(c => c.Problem is null);
}

/// <summary>One retained commit as <see cref="SegmentFile.Check(System.IProgress{SegmentCheckProgress})"/> found it.</summary>
public sealed class SegmentCommitCheck
{
    internal SegmentCommitCheck(SegmentCommitInfo commit, IReadOnlyList<SegmentRootInfo> roots, SegmentException? problem)
    {
        Commit = commit;
        Roots = roots;
        Problem = problem;
    }

    /// <summary>The commit.</summary>
    public SegmentCommitInfo Commit { get; }

    /// <summary>The roots checked whole, in name order (those before a problem, when there is one).</summary>
    public IReadOnlyList<SegmentRootInfo> Roots { get; }

    /// <summary>The first damage found in this commit's records, with the file offset of the record that holds it; null when the commit is whole.</summary>
    public SegmentException? Problem { get; }
}

/// <summary>Progress of a check: reported after each commit.</summary>
/// <param name="CommitsChecked">Commits checked so far.</param>
/// <param name="CommitsTotal">Retained commits in all.</param>
/// <param name="Completed">The commit just checked.</param>
public readonly record struct SegmentCheckProgress(int CommitsChecked, int CommitsTotal, SegmentCommitCheck Completed);

/// <summary>Progress of <see cref="SegmentFile.Compact(System.IProgress{SegmentCompactionProgress})"/>.</summary>
/// <param name="BytesWritten">Bytes written to the new file so far.</param>
/// <param name="SourceBytes">The committed length of the file being compacted: an upper bound of what will be written.</param>
public readonly record struct SegmentCompactionProgress(long BytesWritten, long SourceBytes);
