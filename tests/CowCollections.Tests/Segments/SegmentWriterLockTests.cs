using System.Diagnostics;
using CowCollections.Segments;
using CowCollections.Segments.Internal.Storage;

namespace CowCollections.Tests.Segments;

/// <summary>
/// Writer exclusion by file identity (Linux: an OFD lock on the data file): a second writer is refused whatever
/// name it uses for the file (the same path, a symbolic link, a hard link, a bind mount), in this process or
/// another, with or without <c>DOTNET_SYSTEM_IO_DISABLEFILELOCKING</c>; readers are never refused; the lock
/// moves with a compaction; a missing folder is reported as such.
/// </summary>
public class SegmentWriterLockTests
{
    [Fact]
    public void Two_writers_through_a_symbolic_link_cannot_both_commit_so_no_durable_commit_is_lost()
    {
        using var dir = new TempDirectory();
        string real = dir.File("real.seg");
        string alias = dir.File("alias.seg");
        using var writer = SegmentFile.OpenWrite(real);
        File.CreateSymbolicLink(alias, real);
        writer.Commit("xs", PersistentList.Create(1));

        Assert.Throws<SegmentWriterLockedException>(() => SegmentFile.OpenWrite(alias));
        writer.Commit("xs", PersistentList.Create(1, 2));
        using var reader = SegmentFile.OpenRead(alias);
        Assert.Equal(2, reader.Current.Commit.Number);
        Assert.Equal([1, 2], reader.Current.GetList<int>("xs").ToArray());
    }

    [Fact]
    public void Two_writers_through_a_hard_link_cannot_both_commit()
    {
        using var dir = new TempDirectory();
        string real = dir.File("real.seg");
        string link = dir.File("link.seg");
        using var writer = SegmentFile.OpenWrite(real);
        writer.Commit("xs", PersistentList.Create(1));
        Link(real, link);

        Assert.Throws<SegmentWriterLockedException>(() => SegmentFile.OpenWrite(link));
        using var reader = SegmentFile.OpenRead(link);
        Assert.Equal([1], reader.Current.GetList<int>("xs").ToArray());
    }

    [Fact]
    public void Two_writers_on_the_same_path_in_one_process_exclude_each_other_and_the_lock_is_released_on_dispose()
    {
        using var dir = new TempDirectory();
        string path = dir.File("same.seg");
        var first = SegmentFile.OpenWrite(path);
        var e = Assert.Throws<SegmentWriterLockedException>(() => SegmentFile.OpenWrite(path));
        Assert.Equal(path, e.FilePath);
        Assert.Equal(-1, e.Offset);

        // A reader in the same process closing its own handle on the file must not drop the writer's lock
        // (a classic POSIX lock would be dropped by any close in the process).
        using (var reader = SegmentFile.OpenRead(path))
        {
            Assert.Equal(0, reader.Current.Commit.Number);
        }

        Assert.Throws<SegmentWriterLockedException>(() => SegmentFile.OpenWrite(path));
        first.Dispose();
        using var second = SegmentFile.OpenWrite(path);
        Assert.True(second.CanWrite);
        Assert.False(File.Exists(path + ".lock"), "the OFD lock needs no lock file");
    }

    [Fact]
    public void The_lock_moves_to_the_compacted_file_so_no_writer_slips_in_after_a_compaction()
    {
        using var dir = new TempDirectory();
        string path = dir.File("compacted.seg");
        string alias = dir.File("alias.seg");
        File.CreateSymbolicLink(alias, path);
        using var writer = SegmentFile.OpenWrite(path);
        writer.Commit("xs", PersistentList.Create(1));
        writer.Commit("xs", PersistentList.Create(2));
        writer.Compact();

        Assert.Throws<SegmentWriterLockedException>(() => SegmentFile.OpenWrite(path));
        Assert.Throws<SegmentWriterLockedException>(() => SegmentFile.OpenWrite(alias));
        writer.Commit("xs", PersistentList.Create(3));
        using var reader = SegmentFile.OpenRead(path);
        Assert.Equal([3], reader.Current.GetList<int>("xs").ToArray());
    }

    [Fact]
    public void A_handle_on_a_file_that_a_compaction_replaced_is_recognised_as_no_longer_the_file()
    {
        using var dir = new TempDirectory();
        string path = dir.File("replaced.seg");
        File.WriteAllBytes(path, [1]);
        using var old = new FileStorage(path, File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete));
        Assert.True(FileLocks.StillNamedBy(old, path));
        File.WriteAllBytes(path + ".new", [2]);
        File.Move(path + ".new", path, overwrite: true);
        Assert.False(FileLocks.StillNamedBy(old, path));
    }

    [Fact]
    public async Task A_writer_in_another_process_refuses_a_second_writer_through_a_symbolic_link_and_a_hard_link()
    {
        using var dir = new TempDirectory();
        string real = dir.File("real.seg");
        using var child = SegmentTestFiles.StartTestHost("hold-writer", real);
        Assert.Equal("ready", await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)));
        File.CreateSymbolicLink(dir.File("alias.seg"), real);
        Link(real, dir.File("link.seg"));

        Assert.Throws<SegmentWriterLockedException>(() => SegmentFile.OpenWrite(dir.File("alias.seg")));
        Assert.Throws<SegmentWriterLockedException>(() => SegmentFile.OpenWrite(dir.File("link.seg")));
        using (var reader = SegmentFile.OpenRead(dir.File("link.seg")))
        {
            Assert.Empty(reader.Current.Names);
        }

        child.StandardInput.Close();
        Assert.Equal("committed", await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)));
        await child.WaitForExitAsync();
        using var after = SegmentFile.OpenRead(real);
        Assert.Equal(1, after.Current.Commit.Number);
    }

    [Fact]
    public void With_DOTNET_SYSTEM_IO_DISABLEFILELOCKING_another_process_is_still_refused_as_a_second_writer()
    {
        using var dir = new TempDirectory();
        string path = dir.File("held.seg");
        using var writer = SegmentFile.OpenWrite(path);
        writer.Commit("xs", PersistentList.Create(1));
        var environment = new Dictionary<string, string> { ["DOTNET_SYSTEM_IO_DISABLEFILELOCKING"] = "1" };
        var (code, output, error) = SegmentTestFiles.Run(SegmentTestFiles.TestHostDll, environment, "try-write", dir.File("held.seg"));
        Assert.True(code == 3, $"exit {code}: {output} {error}");
        Assert.Equal("locked", output.Trim());
        writer.Commit("xs", PersistentList.Create(1, 2));
        using var reader = SegmentFile.OpenRead(path);
        Assert.Equal(2, reader.Current.Commit.Number);
        Assert.DoesNotContain("intruder", reader.Current.Names);
    }

    [Fact]
    public void A_second_writer_through_a_bind_mount_in_another_process_is_refused()
    {
        using var dir = new TempDirectory();
        string source = Directory.CreateDirectory(dir.File("source")).FullName;
        string mount = Directory.CreateDirectory(dir.File("mount")).FullName;
        string path = Path.Combine(source, "bound.seg");
        string target = Path.Combine(mount, "bound.seg");
        using var writer = SegmentFile.OpenWrite(path);
        writer.Commit("xs", PersistentList.Create(1));
        File.WriteAllBytes(target, []);

        // The file itself is bind-mounted onto an empty file in another folder, in a private mount namespace
        // (unshare) that lives only as long as the child: no path of the two shares a folder.
        var info = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "--mount", "--map-root-user", "sh", "-c", "mount --bind \"$1\" \"$2\" && exec dotnet \"$3\" try-write \"$2\"", "sh", path, target, SegmentTestFiles.TestHostDll })
        {
            info.ArgumentList.Add(a);
        }

        using var child = Process.Start(info)!;
        string output = child.StandardOutput.ReadToEnd();
        string error = child.StandardError.ReadToEnd();
        Assert.True(child.WaitForExit(60_000));
        Assert.True(child.ExitCode == 3, $"exit {child.ExitCode}: {output} {error}");
        Assert.Equal("locked", output.Trim());
        Assert.Equal([target], Directory.GetFiles(mount));
        Assert.Equal(0, new FileInfo(target).Length);
    }

    [Fact]
    public void Opening_a_writer_in_a_missing_folder_reports_the_folder_not_a_lock()
    {
        using var dir = new TempDirectory();
        string path = dir.File(Path.Combine("missing", "x.seg"));
        Assert.Throws<DirectoryNotFoundException>(() => SegmentFile.OpenWrite(path));
        Assert.False(Directory.Exists(dir.File("missing")));
    }

    private static void Link(string existing, string link)
    {
        var (code, _, error) = Run("ln", existing, link);
        Assert.True(code == 0, error);
    }

    private static (int Code, string Output, string Error) Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, error);
    }
}
