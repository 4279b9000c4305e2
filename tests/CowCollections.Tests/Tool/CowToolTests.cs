using System.Globalization;
using System.Text.Json;
using CowCollections.Segments;
using CowCollections.Tests.Segments;

namespace CowCollections.Tests.Tool;

/// <summary>
/// The <c>cow</c> tool as a user runs it (a child process): its exit codes (0 ok, 1 usage, 2 damaged, 3 I/O), its
/// one-line messages for each bad input, and what <c>dump</c>, <c>verify</c>, <c>inspect</c> and <c>compact</c> print.
/// </summary>
public sealed class CowToolTests
{
    [Fact]
    public void Help_lists_the_user_commands_only_and_the_exit_codes()
    {
        var (code, output, _) = SegmentTestFiles.RunCow("--help");
        Assert.Equal(0, code);
        foreach (var command in new[] { "demo", "inspect", "verify", "dump", "compact" })
        {
            Assert.Contains($"  {command}", output, StringComparison.Ordinal);
        }

        foreach (var helper in new[] { "stress-commit", "hold-writer", "sample-read" })
        {
            Assert.DoesNotContain(helper, output, StringComparison.Ordinal);
        }

        Assert.Contains("0 ok, 1 usage error, 2 damaged or foreign file, 3 I/O error", output, StringComparison.Ordinal);
    }

    public static TheoryData<string, string[], int, string> BadInputs() => new()
    {
        { "missing file", ["inspect", "{dir}/nope.seg"], 3, "cow: {dir}/nope.seg: no such file" },
        { "a folder", ["inspect", "{dir}"], 1, "cow: {dir}: is a folder, not a segment file" },
        { "missing root", ["dump", "{file}", "missing"], 1, "cow: {file}: commit 2 has no root 'missing' (roots: 'names', 'xs')" },
        { "commit not retained", ["dump", "{file}", "xs", "--commit", "99"], 1, "cow: {file}: no retained commit 99 (retained: 2, 1)" },
        { "negative commit", ["dump", "{file}", "xs", "--commit", "-1"], 1, "cow: --commit takes a commit number (0 or more, see 'cow inspect'), not '-1'" },
        { "commit not a number", ["dump", "{file}", "xs", "--commit", "abc"], 1, "cow: --commit takes a commit number (0 or more, see 'cow inspect'), not 'abc'" },
        { "a short text file", ["verify", "{dir}/six.txt"], 2, "cow: {dir}/six.txt: offset 0: not a segment file (the file is 6 bytes and does not start with the segment magic)" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void A_bad_input_is_one_line_with_its_exit_code_and_no_stack_trace(string what, string[] args, int exitCode, string message)
    {
        using var dir = new TempDirectory();
        string file = WriteFile(dir);
        File.WriteAllText(dir.File("six.txt"), "hello\n");
        string Fill(string s) => s.Replace("{dir}", dir.Path, StringComparison.Ordinal).Replace("{file}", file, StringComparison.Ordinal);

        var (code, output, error) = SegmentTestFiles.RunCow(args.Select(Fill).ToArray());
        Assert.True(exitCode == code, $"{what}: exit {code}, expected {exitCode}; {error}");
        Assert.Equal(Fill(message), error.Split('\n')[0].TrimEnd());
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void Verbose_adds_the_exception_and_its_stack_trace()
    {
        using var dir = new TempDirectory();
        var (code, _, error) = SegmentTestFiles.RunCow("inspect", dir.File("nope.seg"), "--verbose");
        Assert.Equal(3, code);
        Assert.StartsWith($"cow: {dir.File("nope.seg")}: no such file", error, StringComparison.Ordinal);
        Assert.Contains("FileNotFoundException", error, StringComparison.Ordinal);
        Assert.Contains("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flipped_byte_in_a_record_is_exit_code_2_with_the_offset_of_the_record()
    {
        using var dir = new TempDirectory();
        string file = WriteFile(dir);
        long leaf;
        using (var reader = SegmentFile.OpenRead(file))
        {
            leaf = SegmentTestFiles.Records(file).First(r => r.Tag == CowCollections.Segments.Internal.RecordTag.ListLeaf).Offset;
        }

        SegmentTestFiles.FlipByte(file, leaf + 12);
        var (code, output, error) = SegmentTestFiles.RunCow("verify", file);
        Assert.True(code == 2, $"exit {code}: {output} {error} (leaf {leaf})");
        Assert.Contains($"DAMAGED at offset {leaf}", output, StringComparison.Ordinal);
        Assert.StartsWith("damaged: ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1], StringComparison.Ordinal);
        Assert.Equal(string.Empty, error);

        (code, _, error) = SegmentTestFiles.RunCow("dump", file, "xs", "--commit", "1");
        Assert.Equal(2, code);
        Assert.StartsWith($"cow: {file}: offset {leaf}: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_reports_a_damaged_newest_header_slot_though_the_file_opens_at_the_commit_before()
    {
        using var dir = new TempDirectory();
        string file = WriteFile(dir);

        // Commit 2 lives in slot A (offset 0): damage its checksum; the file then opens at commit 1 from slot B.
        SegmentTestFiles.FlipByte(file, 40);
        using (var reader = SegmentFile.OpenRead(file))
        {
            Assert.Equal(1, reader.Current.Commit.Number);
        }

        var (code, output, _) = SegmentTestFiles.RunCow("verify", file);
        Assert.Equal(2, code);
        Assert.Contains("header: DAMAGED: header slot A (offset 0) is damaged", output, StringComparison.Ordinal);
        Assert.Contains("the file opened at commit 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_prints_each_commit_with_its_roots_and_counts_array_elements_not_chunks()
    {
        using var dir = new TempDirectory();
        string file = dir.File("array.seg");
        using (var writer = SegmentFile.OpenWrite(file))
        {
            writer.Commit("a", PersistentArray.Create<int>(10_000).SetItem(9_999, 5));
            writer.BeginCommit().SetArray("a", PersistentArray.Create<int>(3)).SetDictionary("d", PersistentDictionary.Create<string, long>().SetItem("k", 1)).Commit();
        }

        var (code, output, error) = SegmentTestFiles.RunCow("verify", file);
        Assert.True(code == 0, error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
        [
            $"checking {file}: 2 retained commit(s)",
            "commit 1: ok (1 root(s))",
            "  'a': array of 10000 elements, codec 'i32'",
            "commit 2: ok (2 root(s))",
            "  'a': array of 3 elements, codec 'i32'",
            "  'd': dictionary of 1 entries, codecs 'utf8' -> 'i64'",
            $"ok: 2 commit(s), 10,004 values, {NodeRecords(file):N0} node records checked (each shared record once)",
        ], lines);
    }

    private static long NodeRecords(string file)
    {
        using var reader = SegmentFile.OpenRead(file);
        return reader.Check().NodeRecordsChecked;
    }

    [Fact]
    public void Dump_prints_every_built_in_codec_readably_arrays_as_elements_and_strings_escaped()
    {
        using var dir = new TempDirectory();
        string file = dir.File("codecs.seg");
        var guid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var time = new DateTime(2026, 12, 2, 7, 8, 9, DateTimeKind.Utc);
        using (var writer = SegmentFile.OpenWrite(file))
        {
            writer.BeginCommit()
                .SetList("strings", PersistentList.Create("plain", "tab\there", "line\nbreak", "quote\"", "é", null!))
                .SetList("doubles", PersistentList.Create(0.1, -2.5, double.NaN))
                .SetList("bools", PersistentList.Create(true, false))
                .SetList("guids", PersistentList.Create(guid))
                .SetList("times", PersistentList.Create(time))
                .SetList("decimals", PersistentList.Create(12.50m))
                .SetList("chars", PersistentList.Create('a', '\t'))
                .SetList("bytes", PersistentList.Create<byte[]>([1, 0xAB]))
                .SetList("longs", PersistentList.Create(long.MinValue))
                .SetList("days", PersistentList.Create(DayOfWeek.Friday))
                .SetArray("array", PersistentArray.Create(new short[] { 3, -4, 5 }))
                .SetDictionary("map", PersistentDictionary.Create<string, int>().SetItem("k\t1", 7))
                .Commit();
        }

        string Dump(string root) => SegmentTestFiles.RunCow("dump", file, root).Output.TrimEnd('\n');
        Assert.Equal("\"plain\"\n\"tab\\there\"\n\"line\\nbreak\"\n\"quote\\\"\"\n\"é\"\nnull", Dump("strings"));
        Assert.Equal("0.1\n-2.5\nNaN", Dump("doubles"));
        Assert.Equal("true\nfalse", Dump("bools"));
        Assert.Equal(guid.ToString("D"), Dump("guids"));
        Assert.Equal(time.ToString("O", CultureInfo.InvariantCulture), Dump("times"));
        Assert.Equal("12.50", Dump("decimals"));
        Assert.Equal("\"a\"\n\"\\t\"", Dump("chars"));
        Assert.Equal("0x01AB", Dump("bytes"));
        Assert.Equal(long.MinValue.ToString(CultureInfo.InvariantCulture), Dump("longs"));
        Assert.Equal(((int)DayOfWeek.Friday).ToString(CultureInfo.InvariantCulture), Dump("days"));
        Assert.Equal("3\n-4\n5", Dump("array"));
        Assert.Equal("\"k\\t1\"\t7", Dump("map"));
    }

    [Fact]
    public void Dump_json_is_one_document_a_JSON_reader_turns_back_into_the_values()
    {
        using var dir = new TempDirectory();
        string file = dir.File("json.seg");
        var map = PersistentDictionary.Create<string, double>().SetItem("a", 1.5).SetItem("b\"", -0.25);
        using (var writer = SegmentFile.OpenWrite(file))
        {
            writer.BeginCommit().SetList("xs", PersistentList.CreateRange(Enumerable.Range(0, 20_000))).SetDictionary("map", map).Commit();
        }

        var (code, output, error) = SegmentTestFiles.RunCow("dump", file, "xs", "--json");
        Assert.True(code == 0, error);
        using (var document = JsonDocument.Parse(output))
        {
            var root = document.RootElement;
            Assert.Equal("list", root.GetProperty("kind").GetString());
            Assert.Equal("i32", root.GetProperty("codec").GetString());
            Assert.Equal(Enumerable.Range(0, 20_000), root.GetProperty("values").EnumerateArray().Select(v => v.GetInt32()));
        }

        (code, output, error) = SegmentTestFiles.RunCow("dump", file, "map", "--json");
        Assert.True(code == 0, error);
        using (var document = JsonDocument.Parse(output))
        {
            var entries = document.RootElement.GetProperty("entries").EnumerateArray()
                .ToDictionary(e => e.GetProperty("key").GetString()!, e => e.GetProperty("value").GetDouble());
            Assert.Equal(map.OrderBy(p => p.Key, StringComparer.Ordinal), entries.OrderBy(p => p.Key, StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Inspect_lists_the_commits_and_their_roots()
    {
        using var dir = new TempDirectory();
        string file = WriteFile(dir);
        var (code, output, error) = SegmentTestFiles.RunCow("inspect", file);
        Assert.True(code == 0, error);
        Assert.Contains("2 retained commit(s), the newest is 2", output, StringComparison.Ordinal);
        Assert.Contains("'xs': list of 71 elements, codec 'i32'", output, StringComparison.Ordinal);
        Assert.Contains("'names': list of 3 elements, codec 'utf8'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Compact_rewrites_the_newest_commit_and_drops_history_and_a_held_writer_is_exit_code_3()
    {
        using var dir = new TempDirectory();
        string file = WriteFile(dir);
        using (var held = SegmentFile.OpenWrite(file))
        {
            var (busy, _, message) = SegmentTestFiles.RunCow("compact", file);
            Assert.Equal(3, busy);
            Assert.StartsWith($"cow: {file}: ", message, StringComparison.Ordinal);
        }

        var (code, output, error) = SegmentTestFiles.RunCow("compact", file);
        Assert.True(code == 0, error);
        Assert.Contains("kept commit 2 with 2 root(s), history dropped", output, StringComparison.Ordinal);
        using var reader = SegmentFile.OpenRead(file);
        Assert.Single(reader.GetCommits());
        Assert.Equal(71, reader.Current.GetList<int>("xs").Count);
    }

    [Fact]
    public void The_demo_keeps_a_file_that_verify_accepts()
    {
        using var dir = new TempDirectory();
        var (code, output, error) = SegmentTestFiles.RunCow("demo", "--keep", dir.Path);
        Assert.True(code == 0, error);
        Assert.Contains("Demo finished.", output, StringComparison.Ordinal);

        // Every section says what it is about to do, then shows the library code behind it.
        string[] lines = output.Split('\n');
        int sections = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("== ", StringComparison.Ordinal))
            {
                sections++;
                Assert.False(string.IsNullOrWhiteSpace(lines[i + 1]) || lines[i + 1].StartsWith(' '), $"section '{lines[i]}' does not say what it does");
                Assert.StartsWith("    | ", lines[i + 2], StringComparison.Ordinal);
            }
        }

        Assert.True(sections >= 8, $"{sections} sections");

        // The set section ran its algebra and its container for real.
        Assert.Contains("== PersistentHashSet<T> and CopyOnWriteSet<T>", output, StringComparison.Ordinal);
        Assert.Contains("SetEquals(origins.Except(retired).Union(added)) = True", output, StringComparison.Ordinal);
        Assert.Contains("Add b: True, Add b again: False (no version published)", output, StringComparison.Ordinal);
        (code, output, error) = SegmentTestFiles.RunCow("verify", dir.File("demo.seg"));
        Assert.True(code == 0, error);
        Assert.StartsWith("ok: 2 commit(s)", output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1], StringComparison.Ordinal);
    }

    /// <summary>Two commits: a list "xs" (70 ints, then 71 with an edit) and a string list "names" in the second.</summary>
    private static string WriteFile(TempDirectory dir)
    {
        string path = dir.File("tool.seg");
        using var file = SegmentFile.OpenWrite(path);
        var xs = PersistentList.CreateRange(Enumerable.Range(0, 70));
        file.Commit("xs", xs);
        file.BeginCommit().SetList("xs", xs.SetItem(3, -3).Add(1000)).SetList("names", PersistentList.Create("a", "bb", "ccc")).Commit();
        return path;
    }
}
