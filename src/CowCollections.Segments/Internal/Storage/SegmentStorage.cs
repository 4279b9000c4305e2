using System;

namespace CowCollections.Segments.Internal.Storage;

/// <summary>
/// The storage seam: everything the segment layer asks of one open file. The production storage
/// (<see cref="FileStorage"/>) is positioned I/O on a file handle and a read-only memory map; the tests put a
/// simulated disk behind the same seam to cut the power at any point.
/// <list type="bullet">
/// <item>Nothing is ever written through a map: <see cref="Map"/> is read-only, writes go through <see cref="Write"/>.</item>
/// <item>A write is durable only after a later <see cref="Flush"/> returned; until then a power loss may drop it,
/// or keep any part of it (see docs/segment-format.md, "Crash model").</item>
/// <item>The file never shrinks: <see cref="Preallocate"/> only grows it.</item>
/// </list>
/// </summary>
internal abstract class SegmentStorage : IDisposable
{
    /// <summary>The full path the file was opened by.</summary>
    public abstract string Path { get; }

    /// <summary>The file's current length in bytes.</summary>
    public abstract long Length { get; }

    /// <summary>Reads <paramref name="destination"/>.Length bytes at <paramref name="offset"/>; bytes past the end of the file read as zero.</summary>
    public abstract void Read(Span<byte> destination, long offset);

    /// <summary>Writes <paramref name="source"/> at <paramref name="offset"/>, growing the file when it ends past the current length.</summary>
    public abstract void Write(ReadOnlySpan<byte> source, long offset);

    /// <summary>Makes every write made so far, and the file's length, durable.</summary>
    public abstract void Flush();

    /// <summary>Grows the file to <paramref name="length"/> bytes with zeros when it is shorter (durable after the next <see cref="Flush"/>).</summary>
    public abstract void Preallocate(long length);

    /// <summary>A read-only view of the first <paramref name="length"/> bytes; the caller checked that the file is that long.</summary>
    public abstract MappedView Map(long length);

    /// <summary>Closes the file; a writer lock taken through it is released.</summary>
    public abstract void Dispose();
}

/// <summary>Where storages come from: opening, creating and replacing files by path (the other half of the seam).</summary>
internal abstract class SegmentStorageSystem
{
    /// <summary>The real file system.</summary>
    public static SegmentStorageSystem Files { get; } = new FileStorageSystem();

    /// <summary>Opens an existing file for reading. Never blocked by a writer.</summary>
    /// <exception cref="System.IO.FileNotFoundException">There is no such file.</exception>
    public abstract SegmentStorage OpenRead(string path);

    /// <summary>
    /// Opens (or creates, empty) the file for writing and takes its writer lock, which holds for every name of the
    /// same file. Throws <see cref="SegmentWriterLockedException"/> when another writer, in any process, holds it.
    /// </summary>
    /// <exception cref="System.IO.DirectoryNotFoundException">The folder does not exist.</exception>
    public abstract (SegmentStorage Storage, WriterLock Lock) OpenWriter(string path);

    /// <summary>Creates (or empties) a file for writing, without a lock: the new file of a compaction.</summary>
    public abstract SegmentStorage Create(string path);

    /// <summary>Renames <paramref name="source"/> over <paramref name="destination"/> atomically (durable after <see cref="FlushDirectory"/>).</summary>
    public abstract void Move(string source, string destination);

    /// <summary>Makes the names in <paramref name="directory"/> (files created, renamed) durable.</summary>
    public abstract void FlushDirectory(string directory);

    /// <summary>Deletes the file when it exists.</summary>
    public abstract void Delete(string path);
}

/// <summary>The writer lock of one file, held by the one writer that may append to it.</summary>
internal abstract class WriterLock : IDisposable
{
    /// <summary>
    /// Takes the lock on <paramref name="replacement"/>, the file that is about to be renamed over the locked one
    /// (compaction), so that exclusion holds across the rename. The old file's lock goes with its storage.
    /// </summary>
    public abstract void Adopt(SegmentStorage replacement);

    /// <summary>Releases the lock.</summary>
    public abstract void Dispose();
}
