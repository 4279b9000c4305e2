using System.Buffers.Binary;
using CowCollections.Internal;
using CowCollections.Internal.ChunkedArray;
using CowCollections.Internal.VectorTrie;
using CowCollections.Fuzz;
using CowCollections.Segments;
using CowCollections.Segments.Internal;

namespace CowCollections.Tests.Segments;

/// <summary>
/// Files of older format versions still open and read equal, also after the current writer appended to them and
/// after compaction: version 1 (32-element list leaves, arrays whose directory leaves embed their chunks) and
/// version 2 (commits made durable in two flushes, no commit seal). The fixtures <c>Fixtures/format-v1.seg</c> and
/// <c>Fixtures/format-v2.seg</c> were written by the library of that version with exactly the values
/// <see cref="Expected"/> rebuilds.
/// </summary>
public class SegmentFormatVersionTests
{
    private static string Fixture => FixtureOf(1);

    private static string FixtureOf(int version) => Path.Combine(AppContext.BaseDirectory, "Segments", "Fixtures", $"format-v{version}.seg");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void An_older_version_file_opens_and_every_commit_reads_equal(int version)
    {
        using var dir = new TempDirectory();
        string path = dir.File("old.seg");
        File.Copy(FixtureOf(version), path);
        Assert.Equal(version, HeaderVersion(path));
        using var reader = SegmentFile.OpenRead(path);
        CheckCommit(reader.OpenCommit(1), Expected(1));
        CheckCommit(reader.Current, Expected(2));
        SegmentTestFiles.Verify(reader);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void The_current_writer_appends_to_an_older_version_file_and_both_versions_stay_readable_through_compaction(int version)
    {
        using var dir = new TempDirectory();
        string path = dir.File("old.seg");
        File.Copy(FixtureOf(version), path);
        var third = Expected(2);
        using (var writer = SegmentFile.OpenWrite(path))
        {
            var ints = writer.Current.GetList<int>("ints").Insert(10, -5).SetItem(0, 99);
            var relaxed = writer.Current.GetList<int>("relaxed").RemoveAt(3);
            var bytes = writer.Current.GetArray<byte>("bytes").SetItem(3, 3);
            writer.BeginCommit().SetList("ints", ints).SetList("relaxed", relaxed).SetArray("bytes", bytes).Commit();
            third["ints"] = ints.ToArray();
            third["relaxed"] = relaxed.ToArray();
            third["bytes"] = bytes.ToArray().Select(b => (int)b).ToArray();
        }

        Assert.Equal(Format.Version, HeaderVersion(path));
        using (var reader = SegmentFile.OpenRead(path))
        {
            CheckCommit(reader.OpenCommit(1), Expected(1));
            CheckCommit(reader.OpenCommit(2), Expected(2));
            CheckCommit(reader.Current, third);
            SegmentTestFiles.Verify(reader);
        }

        using (var writer = SegmentFile.OpenWrite(path))
        {
            writer.Compact();
        }

        using var compacted = SegmentFile.OpenRead(path);
        CheckCommit(compacted.Current, third);
        SegmentTestFiles.Verify(compacted);
    }

    [Fact]
    public void The_check_of_a_version_1_array_of_a_codec_without_a_size_reaches_every_chunk_and_counts_the_elements()
    {
        // A version 1 array stores its chunks inside the directory, split by the element size; a custom codec
        // ("zz" here) does not name its size, so the check walks the chunks whole instead of splitting them.
        using var dir = new TempDirectory();
        string path = dir.File("v1-custom.seg");
        var bytes = File.ReadAllBytes(Fixture);
        Replace(bytes, "chunk1024:u8"u8, "chunk1024:zz"u8);
        File.WriteAllBytes(path, SegmentFuzzTarget.Expand(SegmentFuzzTarget.Compress(bytes, 1)));
        using var reader = SegmentFile.OpenRead(path);
        var report = reader.Check();
        Assert.True(report.IsHealthy, string.Join("; ", report.Commits.Select(c => c.Problem?.Message)));
        long expected = Enumerable.Range(1, 2).Sum(c => Expected(c).Values.Sum(v => (long)v.Length));
        Assert.Equal(expected, report.ValuesChecked);
        Assert.Throws<NotSupportedException>(() => reader.Current.EnumerateEncodedValues("bytes").Count());
    }

    private static void Replace(byte[] bytes, ReadOnlySpan<byte> from, ReadOnlySpan<byte> to)
    {
        int replaced = 0;
        for (int at = bytes.AsSpan().IndexOf(from); at >= 0; at = bytes.AsSpan().IndexOf(from))
        {
            to.CopyTo(bytes.AsSpan(at));
            replaced++;
        }

        Assert.True(replaced > 0);
    }

    /// <summary>The values each older writer committed: commit 1, then commit 2 (two changed values, two new ones).</summary>
    private static Dictionary<string, int[]> Expected(int commit)
    {
        var ints = Enumerable.Range(0, 3000).Select(i => i * 7).ToArray();
        var bytes = Enumerable.Range(0, 40_000).Select(i => (int)(byte)(i * 13)).ToArray();
        var values = new Dictionary<string, int[]>
        {
            ["ints"] = ints,
            ["strings"] = Enumerable.Range(0, 50).ToArray(),
            ["bytes"] = bytes,
        };
        if (commit == 2)
        {
            var relaxed = ints.ToList();
            relaxed.Insert(1000, -1);
            relaxed.RemoveAt(5);
            relaxed.AddRange(Enumerable.Range(0, 700));
            values["ints"] = ints.Select((x, i) => i == 2999 ? 1 : x).ToArray();
            values["relaxed"] = relaxed.ToArray();
            values["bytes"] = bytes.Select((x, i) => i == 39_999 ? 1 : x).ToArray();
            values["small"] = Enumerable.Range(0, 300).ToArray();
        }

        return values;
    }

    private static void CheckCommit(SegmentSnapshot snapshot, Dictionary<string, int[]> expected)
    {
        foreach (var (name, values) in expected)
        {
            switch (name)
            {
                case "ints" or "relaxed":
                    var list = snapshot.GetList<int>(name);
                    Assert.Equal(values, list.ToArray());
                    Assert.Equal(values[^1], list[values.Length - 1]);
                    Assert.Equal(values[values.Length / 3], list[values.Length / 3]);
                    TrieChecker<int, DefaultGeometry>.Check(list.Core);
                    break;
                case "strings":
                    var strings = snapshot.GetList<string>(name);
                    Assert.Equal(values.Select(i => $"s{i}"), strings.ToArray());
                    TrieChecker<string, DefaultGeometry>.Check(strings.Core);
                    break;
                case "bytes":
                    var bytes = snapshot.GetArray<byte>(name);
                    Assert.Equal(values.Select(i => (byte)i), bytes.ToArray());
                    Assert.Equal((byte)values[12_345], bytes[12_345]);
                    ChunkChecker<byte, ArrayDirectoryGeometry>.Check(bytes.Core);
                    break;
                case "small":
                    var small = snapshot.GetArray<string>(name);
                    Assert.Equal(values.Select(i => $"a{i}"), small.ToArray());
                    ChunkChecker<string, ArrayDirectoryGeometry>.Check(small.Core);
                    break;
            }
        }
    }

    private static int HeaderVersion(string path)
    {
        using var stream = File.OpenRead(path);
        var header = new byte[Format.SlotBOffset + Format.SlotSize];
        stream.ReadExactly(header);
        ulong a = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(16));
        ulong b = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan((int)Format.SlotBOffset + 16));
        int slot = b > a ? (int)Format.SlotBOffset : 0;
        return BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(slot + 8));
    }
}
