using System;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace CowCollections.Segments.Internal.Storage;

/// <summary>
/// The production storage: positioned reads and writes on a <see cref="SafeFileHandle"/> (<see cref="RandomAccess"/>),
/// a read-only memory map for reading, <c>fdatasync</c> on Linux (<see cref="RandomAccess.FlushToDisk"/> elsewhere).
/// <para><c>fdatasync</c> is enough for the commit protocol: it makes the written data and the file length durable
/// (the metadata needed to read the data back) and skips only timestamps. Because the writer preallocates with
/// real zeros (<see cref="Preallocate"/>), most commits overwrite blocks that are already allocated and their
/// <c>fdatasync</c> has no metadata to write at all.</para>
/// </summary>
internal sealed class FileStorage(string path, SafeFileHandle handle) : SegmentStorage
{
    private const int ZeroChunk = 1 << 20;

    public override string Path { get; } = path;

    public override long Length => RandomAccess.GetLength(Handle);

    /// <summary>The open file (the writer lock is taken on it).</summary>
    public SafeFileHandle Handle { get; } = handle;

    public override void Read(Span<byte> destination, long offset)
    {
        destination.Clear();
        int done = 0;
        while (done < destination.Length)
        {
            int n = RandomAccess.Read(Handle, destination[done..], offset + done);
            if (n == 0)
            {
                return;
            }

            done += n;
        }
    }

    public override void Write(ReadOnlySpan<byte> source, long offset) => RandomAccess.Write(Handle, source, offset);

    public override void Flush()
    {
        if (OperatingSystem.IsLinux())
        {
            LinuxFiles.DataSync(Handle, Path);
        }
        else
        {
            RandomAccess.FlushToDisk(Handle);
        }
    }

    public override void Preallocate(long length)
    {
        long at = Length;
        if (at >= length)
        {
            return;
        }

        var zeros = new byte[(int)Math.Min(ZeroChunk, length - at)];
        while (at < length)
        {
            int n = (int)Math.Min(zeros.Length, length - at);
            RandomAccess.Write(Handle, zeros.AsSpan(0, n), at);
            at += n;
        }
    }

    public override MappedView Map(long length) => new(Path, Handle, length);

    public override void Dispose() => Handle.Dispose();
}

/// <summary>The real file system behind the storage seam.</summary>
internal sealed class FileStorageSystem : SegmentStorageSystem
{
    /// <summary>How often opening a writer retries when a compaction renamed another file over the path in the meantime.</summary>
    private const int ReplacedRetries = 8;

    // Readers and writers share the file (FileShare.ReadWrite | Delete): nothing here ever locks a reader out.
    private const FileShare Shared = FileShare.ReadWrite | FileShare.Delete;

    public override SegmentStorage OpenRead(string path) => new FileStorage(path, File.OpenHandle(path, FileMode.Open, FileAccess.Read, Shared));

    public override (SegmentStorage Storage, WriterLock Lock) OpenWriter(string path)
    {
        for (int attempt = 0; ; attempt++)
        {
            var storage = new FileStorage(path, File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, Shared));
            try
            {
                var taken = FileLocks.TryTake(storage) ?? throw new SegmentWriterLockedException(path, FileLocks.HeldReason(path));
                if (FileLocks.StillNamedBy(storage, path) || attempt == ReplacedRetries)
                {
                    return (storage, taken);
                }

                // A compaction renamed a new file over the path between our open and our lock: the file we
                // locked is the old one, which nobody writes anymore. Start again with the file the path names now.
                taken.Dispose();
                storage.Dispose();
            }
            catch
            {
                storage.Dispose();
                throw;
            }
        }
    }

    public override SegmentStorage Create(string path) => new FileStorage(path, File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, Shared));

    public override void Move(string source, string destination) => File.Move(source, destination, overwrite: true);

    public override void FlushDirectory(string directory) => DirectorySync.Flush(directory);

    public override void Delete(string path) => File.Delete(path);
}
