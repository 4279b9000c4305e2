using System;
using CowCollections.Segments.Internal;

namespace CowCollections.Segments;

/// <summary>The consistency check of a whole file (as bbolt's <c>tx.Check</c>).</summary>
public sealed partial class SegmentFile
{
    /// <summary>
    /// Checks the file: both header slots, then every root of every retained commit, each value decoded whole, so
    /// every record any retained commit reaches is checksummed and checked for structure (counts, children before
    /// parents, node shapes, codec ids). Damage is reported, not thrown: one commit's damage does not stop the check
    /// of the others. Takes time proportional to the decoded size of every retained commit; reads only.
    /// </summary>
    /// <param name="progress">Told after each commit (for example to print results as they come), or null.</param>
    /// <returns>The report; <see cref="SegmentCheckReport.IsHealthy"/> says whether anything was found.</returns>
    /// <exception cref="ObjectDisposedException">The file was disposed.</exception>
    public SegmentCheckReport Check(IProgress<SegmentCheckProgress>? progress = null)
    {
        string? headerProblem;
        lock (_gate)
        {
            ThrowIfDisposed();
            headerProblem = SegmentHead.DescribeDamage(_storage, _head);
        }

        return SegmentChecker.Check(this, headerProblem, progress);
    }
}
