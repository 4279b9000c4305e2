using System;

namespace CowCollections.Segments;

/// <summary>
/// The base of every error the segment layer reports about a file: which file, where in it, and why.
/// Catch this type to handle every damaged, foreign or busy segment file in one place.
/// </summary>
public abstract class SegmentException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The segment file.</param>
    /// <param name="offset">The byte offset the problem was found at, or -1 when it concerns the whole file.</param>
    /// <param name="reason">What is wrong, in words.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    protected SegmentException(string filePath, long offset, string reason, Exception? inner = null)
        : base(Format(filePath, offset, reason), inner)
    {
        FilePath = filePath;
        Offset = offset;
        Reason = reason;
    }

    /// <summary>The path of the segment file.</summary>
    public string FilePath { get; }

    /// <summary>The byte offset of the damaged or unexpected data, or -1 when it concerns the whole file.</summary>
    public long Offset { get; }

    /// <summary>What is wrong, without the file and offset.</summary>
    public string Reason { get; }

    private static string Format(string filePath, long offset, string reason) =>
        offset >= 0 ? $"Segment file '{filePath}' at offset {offset}: {reason}" : $"Segment file '{filePath}': {reason}";
}

/// <summary>
/// The file is not a segment file this library can read: wrong magic (a foreign file), a newer format
/// version, other trie parameters (fan-out, hash function), or a codec that does not match the one the
/// value was written with.
/// </summary>
public sealed class SegmentFormatException : SegmentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The segment file.</param>
    /// <param name="offset">The byte offset, or -1.</param>
    /// <param name="reason">What is wrong.</param>
    public SegmentFormatException(string filePath, long offset, string reason)
        : base(filePath, offset, reason)
    {
    }
}

/// <summary>
/// The file is shorter than its committed length, or too short to hold a header (a file whose creation
/// never completed). Reported before anything is mapped, so truncation is never a SIGBUS.
/// </summary>
public sealed class SegmentTruncatedException : SegmentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The segment file.</param>
    /// <param name="offset">The byte offset, or -1.</param>
    /// <param name="reason">What is wrong.</param>
    public SegmentTruncatedException(string filePath, long offset, string reason)
        : base(filePath, offset, reason)
    {
    }
}

/// <summary>A header slot or a record does not match its checksum: the bytes were damaged.</summary>
public sealed class SegmentChecksumException : SegmentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The segment file.</param>
    /// <param name="offset">The byte offset of the record or slot.</param>
    /// <param name="reason">What is wrong.</param>
    public SegmentChecksumException(string filePath, long offset, string reason)
        : base(filePath, offset, reason)
    {
    }
}

/// <summary>
/// A record has a valid checksum but breaks a structural rule: a child at or after its parent, a wrong
/// record type, an impossible count or size table, a tree deeper than the format allows, or bytes a
/// codec cannot decode.
/// </summary>
public sealed class SegmentCorruptException : SegmentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The segment file.</param>
    /// <param name="offset">The byte offset of the offending record.</param>
    /// <param name="reason">What is wrong.</param>
    /// <param name="inner">The codec's exception, when a value could not be decoded.</param>
    public SegmentCorruptException(string filePath, long offset, string reason, Exception? inner = null)
        : base(filePath, offset, reason, inner)
    {
    }
}

/// <summary>
/// Another writer, in this or another process, holds the file's writer lock, through this or any other name of the
/// file (see <c>docs/segment-format.md</c>, "Writer lock"). The offset is -1: it concerns the whole file.
/// </summary>
public sealed class SegmentWriterLockedException : SegmentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The segment file.</param>
    /// <param name="reason">What is wrong.</param>
    /// <param name="inner">The I/O error from taking the lock.</param>
    public SegmentWriterLockedException(string filePath, string reason, Exception? inner = null)
        : base(filePath, -1, reason, inner)
    {
    }
}
