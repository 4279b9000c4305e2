using System.Buffers.Binary;
using System.Numerics;
using CowCollections.Segments;
using CowCollections.Segments.Internal;

namespace CowCollections.Tests.Segments;

/// <summary>
/// Damage to dictionary records: truncation, every byte flipped, and malformed structure with
/// valid checksums (bad bitmaps, keys in the wrong slot, wrong counts, self-child, forward reference, too
/// deep, equal keys in a collision node). Each gives its typed error; none crashes.
/// </summary>
public class SegmentDictionaryDamageTests
{
    private const int NodeHeader = 24;

    /// <summary>A small file: three commits of an int dictionary "d" (the last with two keys whose format hashes collide).</summary>
    private static Dictionary<long, Dictionary<int, int>> WriteSmallFile(string path)
    {
        var model = new Dictionary<long, Dictionary<int, int>>();
        using var file = SegmentFile.OpenWrite(path);
        var d = PersistentDictionary.CreateRange(Enumerable.Range(0, 90).Select(i => KeyValuePair.Create(i, i * 10)));
        model[file.Commit("d", d).Number] = d.ToDictionary();
        d = d.SetItem(3, -3).Remove(4);
        model[file.Commit("d", d).Number] = d.ToDictionary();
        var (a, b) = SegmentDictionaryTests.CollidingInts[0];
        d = d.Add(a, 1).Add(b, 2);
        model[file.Commit("d", d).Number] = d.ToDictionary();
        return model;
    }

    /// <summary>Opens and reads every commit completely; returns null when all equal the model, else the typed error.</summary>
    private static SegmentException? TryReadAll(string path, Dictionary<long, Dictionary<int, int>> model)
    {
        try
        {
            using var file = SegmentFile.OpenRead(path);
            foreach (var commit in file.GetCommits())
            {
                var d = file.OpenCommit(commit.Number).GetDictionary<int, int>("d");
                SegmentDictionaryTests.AssertSame(model[commit.Number], d);
                SegmentDictionaryTests.DeepCheck(d);
            }

            return null;
        }
        catch (SegmentException e)
        {
            Assert.False(string.IsNullOrEmpty(e.Reason));
            Assert.Equal(Path.GetFullPath(path), e.FilePath);
            return e;
        }
    }

    [Fact]
    public void Truncation_at_every_record_boundary_is_a_typed_error_or_the_loss_of_a_sealed_newest_commit()
    {
        using var dir = new TempDirectory();
        string path = dir.File("t.seg");
        WriteSmallFile(path);
        var original = File.ReadAllBytes(path);
        var newest = SegmentTestFiles.NewestSeal(path);
        foreach (long cut in SegmentTestFiles.Records(path).SelectMany(r => new[] { r.Offset, r.End - 1 }).Distinct())
        {
            string copy = dir.File($"cut-{cut}.seg");
            File.WriteAllBytes(copy, original[..(int)cut]);
            SegmentTestFiles.AssertCutOutcome(copy, cut, newest);
            File.Delete(copy);
        }
    }

    [Fact]
    public void Every_byte_flipped_gives_a_typed_error_or_intact_versions()
    {
        using var dir = new TempDirectory();
        string path = dir.File("flip.seg");
        var model = WriteSmallFile(path);
        var original = File.ReadAllBytes(path);
        Assert.Null(TryReadAll(path, model));
        string copy = dir.File("copy.seg");
        int detected = 0;
        for (int at = 0; at < original.Length; at++)
        {
            var bytes = (byte[])original.Clone();
            bytes[at] ^= 0x5A;
            File.WriteAllBytes(copy, bytes);
            if (TryReadAll(copy, model) is not null)
            {
                detected++;
            }
        }

        // TryReadAll already failed the test on any wrong value or untyped exception. Flips in the header area
        // or the newest root table fall back to an older, intact commit; every other flip is an error.
        Assert.True(detected > (original.Length - Format.DataStart) / 2, $"only {detected} of {original.Length} flips were detected");
    }

    /// <summary>Patches one record's payload in place and rewrites its checksum and the commit's seal, so only the structure is wrong.</summary>
    private static void Patch(string path, RecordInfo record, Action<byte[], RecordInfo> mutate)
    {
        var bytes = File.ReadAllBytes(path);
        var payload = bytes.AsSpan((int)record.Offset + Format.RecordHeaderSize, record.PayloadLength).ToArray();
        mutate(payload, record);
        payload.CopyTo(bytes, (int)record.Offset + Format.RecordHeaderSize);
        int covered = Format.RecordHeaderSize + Format.Align(record.PayloadLength);
        ulong checksum = Format.Checksum(bytes.AsSpan((int)record.Offset, covered));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan((int)record.Offset + covered), checksum);
        SegmentTestFiles.Reseal(bytes);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>A file with one dictionary of <paramref name="count"/> entries in one commit; returns its path and records.</summary>
    private static (string Path, List<RecordInfo> Records) OneCommit(TempDirectory dir, string name, int count, params int[] extraKeys)
    {
        string path = dir.File(name);
        using (var file = SegmentFile.OpenWrite(path))
        {
            file.Commit("d", PersistentDictionary.CreateRange(Enumerable.Range(0, count).Concat(extraKeys).Select(i => KeyValuePair.Create(i, i))));
        }

        return (path, SegmentTestFiles.Records(path));
    }

    private static SegmentCorruptException ReadFails(string path)
    {
        using var file = SegmentFile.OpenRead(path);
        return Assert.Throws<SegmentCorruptException>(() =>
        {
            var d = file.Current.GetDictionary<int, int>("d");
            _ = d.Count();
            SegmentDictionaryTests.DeepCheck(d);
        });
    }

    private static uint U32(byte[] p, int at) => BinaryPrimitives.ReadUInt32LittleEndian(p.AsSpan(at));

    private static void SetU32(byte[] p, int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(at), value);

    private static RecordInfo Root(List<RecordInfo> records) => records.Last(r => r.Tag == RecordTag.DictionaryNode);

    private static RecordInfo WithEmbedded(string path, List<RecordInfo> records)
    {
        var bytes = File.ReadAllBytes(path);
        return records.First(r => r.Tag == RecordTag.DictionaryNode && U32(bytes, (int)r.Offset + 8 + 12) != 0);
    }

    [Fact]
    public void Overlapping_bitmaps_are_corrupt()
    {
        using var dir = new TempDirectory();
        var (path, records) = OneCommit(dir, "overlap.seg", 2000);
        Patch(path, Root(records), (p, _) => SetU32(p, 4, U32(p, 4) | U32(p, 8)));
        Assert.Contains("bitmaps", ReadFails(path).Reason);
    }

    [Fact]
    public void A_data_map_that_disagrees_with_the_entries_is_corrupt()
    {
        using var dir = new TempDirectory();
        var (path, records) = OneCommit(dir, "datamap.seg", 2000);
        var node = WithEmbedded(path, records);
        Patch(path, node, (p, _) =>
        {
            uint data = U32(p, 4);
            uint free = ~(data | U32(p, 8));
            SetU32(p, 4, data | (free & (0u - free)));
        });
        ReadFails(path);
    }

    [Fact]
    public void A_key_in_the_wrong_slot_is_corrupt()
    {
        using var dir = new TempDirectory();
        var (path, records) = OneCommit(dir, "slot.seg", 2000);
        var node = WithEmbedded(path, records);
        Patch(path, node, (p, _) =>
        {
            // Swap the first two keys of the key block (raw i32 keys).
            uint nodeMap = U32(p, 8);
            uint embedded = U32(p, 12);
            int e = BitOperations.PopCount(nodeMap & ~embedded);
            int k = BitOperations.PopCount(embedded);
            int keys = NodeHeader + (12 * e) + (4 * k);
            var first = p.AsSpan(keys, 4).ToArray();
            p.AsSpan(keys + 4, 4).CopyTo(p.AsSpan(keys));
            first.CopyTo(p.AsSpan(keys + 4));
        });
        Assert.Contains("hash", ReadFails(path).Reason);
    }

    [Fact]
    public void A_child_count_that_does_not_add_up_is_corrupt()
    {
        using var dir = new TempDirectory();
        var (path, records) = OneCommit(dir, "count.seg", 2000);
        Patch(path, Root(records), (p, _) =>
        {
            int e = BitOperations.PopCount(U32(p, 8) & ~U32(p, 12));
            int at = NodeHeader + (8 * e);
            SetU32(p, at, U32(p, at) + 1);
        });
        Assert.Contains("expects", ReadFails(path).Reason);
    }

    [Fact]
    public void A_root_count_that_disagrees_with_the_tree_is_corrupt()
    {
        using var dir = new TempDirectory();
        var (path, records) = OneCommit(dir, "rootcount.seg", 2000);
        Patch(path, records.Single(r => r.Tag == RecordTag.DictionaryRoot), (p, _) => SetU32(p, 0, 1999));
        ReadFails(path);
    }

    [Theory]
    [InlineData("self")]
    [InlineData("forward")]
    public void A_self_child_or_a_forward_reference_is_corrupt(string kind)
    {
        using var dir = new TempDirectory();
        var (path, records) = OneCommit(dir, kind + ".seg", 2000);
        Patch(path, Root(records), (p, r) =>
            BinaryPrimitives.WriteInt64LittleEndian(p.AsSpan(NodeHeader), kind == "self" ? r.Offset : r.End));
        Assert.Contains("not before its parent", ReadFails(path).Reason);
    }

    [Fact]
    public void A_child_at_the_wrong_depth_is_corrupt_and_the_depth_is_bounded()
    {
        using var dir = new TempDirectory();
        var (path, records) = OneCommit(dir, "deep.seg", 2000);
        var bytes = File.ReadAllBytes(path);
        var child = records.First(r => r.Tag == RecordTag.DictionaryNode && bytes[(int)r.Offset + 8] == 5);
        Patch(path, child, (p, _) => p[0] = 40);
        Assert.Contains("shift", ReadFails(path).Reason);
    }

    [Fact]
    public void Embedded_children_outside_the_node_map_or_not_canonical_are_corrupt()
    {
        using var dir = new TempDirectory();
        var (path, records) = OneCommit(dir, "embedded.seg", 2000);
        var node = WithEmbedded(path, records);
        string copy = dir.File("copy.seg");
        File.Copy(path, copy);
        Patch(path, node, (p, _) => SetU32(p, 12, U32(p, 12) | ~(U32(p, 8) | U32(p, 4))));
        Assert.Contains("bitmaps", ReadFails(path).Reason);

        // One embedded child reduced to a single entry (its data map keeps only its lowest bit).
        Patch(copy, node, (p, _) =>
        {
            int e = BitOperations.PopCount(U32(p, 8) & ~U32(p, 12));
            int at = NodeHeader + (12 * e);
            uint map = U32(p, at);
            SetU32(p, at, map & (0u - map));
        });
        ReadFails(copy);
    }

    [Fact]
    public void Equal_keys_in_a_collision_node_are_corrupt()
    {
        using var dir = new TempDirectory();
        var (a, b) = SegmentDictionaryTests.CollidingInts[0];
        var (path, records) = OneCommit(dir, "collision.seg", 0, a, b);
        var bytes = File.ReadAllBytes(path);
        var collision = records.Single(r => r.Tag == RecordTag.DictionaryNode && bytes[(int)r.Offset + 8] == 35);
        Patch(path, collision, (p, _) =>
        {
            // Two raw i32 keys then two values: make the second key equal the first.
            p.AsSpan(NodeHeader, 4).CopyTo(p.AsSpan(NodeHeader + 4));
        });
        Assert.Contains("equal keys", ReadFails(path).Reason);
    }

    [Fact]
    public void A_collision_count_the_record_cannot_hold_is_refused_before_allocating()
    {
        using var dir = new TempDirectory();
        var (a, b) = SegmentDictionaryTests.CollidingInts[0];
        var (path, records) = OneCommit(dir, "huge.seg", 0, a, b);
        var bytes = File.ReadAllBytes(path);
        var collision = records.Single(r => r.Tag == RecordTag.DictionaryNode && bytes[(int)r.Offset + 8] == 35);
        Patch(path, collision, (p, _) => SetU32(p, 20, int.MaxValue));
        ReadFails(path);
    }
}
