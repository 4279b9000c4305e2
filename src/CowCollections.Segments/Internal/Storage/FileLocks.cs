using System;
using System.IO;

namespace CowCollections.Segments.Internal.Storage;

/// <summary>
/// The writer lock of a segment file on the real file system.
/// <list type="bullet">
/// <item><b>Linux</b> (kernel 3.15 or later): an open-file-description lock (<c>fcntl F_OFD_SETLK</c>, a write lock
/// over the whole file) on the data file itself. It belongs to the inode, so it holds for every name of the file
/// (symbolic link, hard link, bind mount), and to the open file description, so two writers in one process exclude
/// each other too. It is advisory and independent of <c>flock</c>, so readers (which never lock) and .NET's own
/// <c>FileShare</c> emulation (a shared <c>flock</c>) are never blocked by it, and
/// <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c> (which only turns off .NET's <c>flock</c>) does not weaken it. The
/// kernel drops it when the process dies. No lock file is created.</item>
/// <item><b>Elsewhere</b> (Windows, macOS, other Unix systems, or a Linux kernel without OFD locks): an exclusive
/// open (<see cref="FileShare.None"/>) of <c>&lt;file&gt;.lock</c> next to the file the path resolves to (symbolic
/// links are followed). This excludes writers that use a path to the same real file; a hard link or a bind mount
/// is a different path and is not detected. On Unix systems .NET implements <see cref="FileShare.None"/> with
/// <c>flock</c>, so <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING=1</c> turns this lock off there and a second writer is
/// admitted.</item>
/// </list>
/// </summary>
internal static class FileLocks
{
    /// <summary>Takes the writer lock of the file open in <paramref name="storage"/>, or null when another writer holds it.</summary>
    public static WriterLock? TryTake(FileStorage storage)
    {
        if (OperatingSystem.IsLinux() && LinuxFiles.SupportsOpenFileLocks)
        {
            return LinuxFiles.TryLock(storage.Handle, storage.Path) ? new OpenFileLock(storage) : null;
        }

        string lockPath = LockFilePath(storage.Path);
        try
        {
            return new LockFile(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
        }
        catch (IOException) when (File.Exists(lockPath))
        {
            return null;
        }
    }

    /// <summary>The reason a <see cref="SegmentWriterLockedException"/> gives.</summary>
    public static string HeldReason(string path) =>
        OperatingSystem.IsLinux() && LinuxFiles.SupportsOpenFileLocks
            ? "another writer (in this or another process, through this or another name of the file) holds its writer lock"
            : $"another writer holds '{LockFilePath(path)}'";

    /// <summary>True unless the path now names another file than the one open in <paramref name="storage"/> (a compaction replaced it).</summary>
    public static bool StillNamedBy(FileStorage storage, string path) =>
        !OperatingSystem.IsLinux() || LinuxFiles.SameFile(storage.Handle, path);

    private static string LockFilePath(string path)
    {
        var target = File.ResolveLinkTarget(path, returnFinalTarget: true);
        return (target?.FullName ?? path) + ".lock";
    }

    /// <summary>An OFD lock on the data file; <see cref="Adopt"/> locks the compacted file before it is renamed over it.</summary>
    private sealed class OpenFileLock(FileStorage first) : WriterLock
    {
        private FileStorage _current = first;

        public override void Adopt(SegmentStorage replacement)
        {
            var file = (FileStorage)replacement;
            if (!LinuxFiles.TryLock(file.Handle, file.Path))
            {
                throw new IOException($"Could not lock the compacted file '{file.Path}' before renaming it over the segment file.");
            }

            _current = file;
        }

        public override void Dispose()
        {
            // Closing the storage releases the lock too; unlocking first makes the release independent of
            // other handles that may still share the open file description.
            if (!_current.Handle.IsClosed)
            {
                LinuxFiles.Unlock(_current.Handle);
            }
        }
    }

    /// <summary>The exclusive open of <c>&lt;file&gt;.lock</c>: it stays with the path, so a compaction keeps it as it is.</summary>
    private sealed class LockFile(FileStream stream) : WriterLock
    {
        public override void Adopt(SegmentStorage replacement)
        {
        }

        public override void Dispose() => stream.Dispose();
    }
}
