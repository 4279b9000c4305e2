using System.Globalization;
using CowCollections.Segments;

namespace CowCollections.Tests.Segments;

/// <summary>Other processes: reopen and read a file with the <c>cow</c> tool; a writer in another process locks this one out.</summary>
public class SegmentProcessTests
{
    [Fact]
    public void Another_process_reopens_every_committed_version_and_reads_the_same_values()
    {
        using var dir = new TempDirectory();
        string path = dir.File("shared.seg");
        var random = new Random(5);
        var versions = new List<int[]>();
        using (var file = SegmentFile.OpenWrite(path))
        {
            var xs = PersistentList.CreateRange(Enumerable.Range(0, 3000));
            for (int i = 0; i < 3; i++)
            {
                xs = xs.Insert(random.Next(xs.Count), -i).SetItem(random.Next(xs.Count), 77).AddRange(Enumerable.Range(0, random.Next(500)));
                file.BeginCommit().SetList("xs", xs).SetList("names", PersistentList.Create($"v{i}", "é", "")).Commit();
                versions.Add(xs.ToArray());
            }
        }

        var (code, output, error) = SegmentTestFiles.RunCow("verify", path);
        Assert.True(code == 0, error);
        Assert.Contains("ok", output);

        for (int i = 0; i < versions.Count; i++)
        {
            (code, output, error) = SegmentTestFiles.RunCow("dump", path, "xs", "--commit", (i + 1).ToString(CultureInfo.InvariantCulture));
            Assert.True(code == 0, error);
            var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture));
            Assert.Equal(versions[i], values);
        }

        (code, output, error) = SegmentTestFiles.RunCow("dump", path, "names");
        Assert.True(code == 0, error);
        Assert.Equal(["\"v2\"", "\"é\"", "\"\""], output.Split('\n')[..3]);
    }

    [Fact]
    public void The_tool_reports_a_damaged_file_with_a_typed_error_and_exit_code_2()
    {
        using var dir = new TempDirectory();
        string path = dir.File("bad.seg");
        File.WriteAllText(path, new string('x', 10_000));
        var (code, _, error) = SegmentTestFiles.RunCow("verify", path);
        Assert.Equal(2, code);
        Assert.Equal($"cow: {path}: offset 0: not a segment file (no segment magic in either header slot)", error.Trim());
    }

    [Fact]
    public async Task A_writer_in_another_process_locks_this_one_out_and_is_unaffected()
    {
        using var dir = new TempDirectory();
        string path = dir.File("held.seg");
        using var child = SegmentTestFiles.StartTestHost("hold-writer", path);
        Assert.Equal("ready", await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)));

        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.Throws<SegmentWriterLockedException>(() => SegmentFile.OpenWrite(path));
        Assert.True(started.ElapsedMilliseconds < 2000, "the second writer did not fail fast");

        // Readers are never locked out by the writer.
        using (var reader = SegmentFile.OpenRead(path))
        {
            Assert.Empty(reader.Current.Names);
        }

        child.StandardInput.Close();
        Assert.Equal("committed", await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)));
        await child.WaitForExitAsync();
        Assert.Equal(0, child.ExitCode);

        using var after = SegmentFile.OpenRead(path);
        Assert.Equal(Enumerable.Range(0, 10), after.Current.GetList<int>("held").ToArray());
        using var writer = SegmentFile.OpenWrite(path);
        Assert.True(writer.CanWrite);
    }
}
