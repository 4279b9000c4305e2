using System;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CowCollections.Segments.Internal.Storage;

/// <summary>
/// The Linux system calls the storage uses and .NET does not expose: open-file-description locks
/// (<c>fcntl F_OFD_SETLK</c>), <c>fdatasync</c>, and <c>statx</c> to compare a handle's inode with a path's.
/// The <c>struct flock</c> and <c>struct statx</c> layouts below are the same on every 64-bit Linux architecture.
/// </summary>
internal static unsafe partial class LinuxFiles
{
    private const int OfdSetLock = 37;
    private const short ReadLock = 0;
    private const short WriteLock = 1;
    private const short NoLock = 2;
    private const int Interrupted = 4;
    private const int WouldBlock = 11;
    private const int AccessDenied = 13;
    private const int Invalid = 22;
    private const int AtCurrentDirectory = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxIno = 0x100;

    private static int _support;

    /// <summary>False on a kernel older than 3.15, which rejects <c>F_OFD_SETLK</c>: the lock file is used there instead.</summary>
    public static bool SupportsOpenFileLocks
    {
        get
        {
            if (_support == 0)
            {
                _support = Probe() ? 1 : -1;
            }

            return _support > 0;
        }
    }

    /// <summary>Takes a write lock over the whole file; false when another open file description holds a conflicting lock.</summary>
    public static bool TryLock(SafeFileHandle handle, string path)
    {
        int error = SetLock(handle, WriteLock);
        return error switch
        {
            0 => true,
            WouldBlock or AccessDenied => false,
            _ => throw new IOException($"Could not take the writer lock of '{path}' (fcntl F_OFD_SETLK failed with errno {error}; the file system may not support locks)."),
        };
    }

    public static void Unlock(SafeFileHandle handle) => _ = SetLock(handle, NoLock);

    public static void DataSync(SafeFileHandle handle, string path)
    {
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            while (FDataSync((int)handle.DangerousGetHandle()) != 0)
            {
                int error = Marshal.GetLastPInvokeError();
                if (error != Interrupted)
                {
                    throw new IOException($"fdatasync of '{path}' failed (errno {error}).");
                }
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>True when <paramref name="path"/> names the inode open in <paramref name="handle"/> (true when it cannot tell).</summary>
    public static bool SameFile(SafeFileHandle handle, string path)
    {
        byte* open = stackalloc byte[256];
        byte* named = stackalloc byte[256];
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            byte empty = 0;
            if (Statx((int)handle.DangerousGetHandle(), &empty, AtEmptyPath, StatxIno, open) != 0)
            {
                return true;
            }
        }
        catch (EntryPointNotFoundException)
        {
            return true;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }

        int length = System.Text.Encoding.UTF8.GetByteCount(path);
        Span<byte> name = length < 1024 ? stackalloc byte[length + 1] : new byte[length + 1];
        System.Text.Encoding.UTF8.GetBytes(path, name);
        name[length] = 0;
        fixed (byte* p = name)
        {
            if (Statx(AtCurrentDirectory, p, 0, StatxIno, named) != 0)
            {
                // The path is gone (deleted or being renamed): not the file we locked.
                return false;
            }
        }

        // stx_ino at 32, stx_dev_major and stx_dev_minor at 136 and 140.
        return *(ulong*)(open + 32) == *(ulong*)(named + 32) && *(ulong*)(open + 136) == *(ulong*)(named + 136);
    }

    private static int SetLock(SafeFileHandle handle, short type)
    {
        var request = new FileLock { Type = type, Whence = 0, Start = 0, Length = 0, Pid = 0 };
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            while (true)
            {
                if (Fcntl((int)handle.DangerousGetHandle(), OfdSetLock, &request) == 0)
                {
                    return 0;
                }

                int error = Marshal.GetLastPInvokeError();
                if (error != Interrupted)
                {
                    return error;
                }
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Whether the kernel knows F_OFD_SETLK: a read lock on a temporary file, released at once.</summary>
    private static bool Probe()
    {
        string probe = Path.Combine(Path.GetTempPath(), $"cowseg-ofd-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using var handle = File.OpenHandle(probe, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, FileOptions.DeleteOnClose);
            return SetLock(handle, ReadLock) != Invalid;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct FileLock
    {
        public short Type;
        public short Whence;
        public long Start;
        public long Length;
        public int Pid;
    }

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, FileLock* request);

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int FDataSync(int fd);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static partial int Statx(int directory, byte* path, int flags, uint mask, byte* result);
}
