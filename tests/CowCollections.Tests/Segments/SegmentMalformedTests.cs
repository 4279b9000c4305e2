using System.Buffers.Binary;
using CowCollections.Segments;
using CowCollections.Segments.Internal;
using CowCollections.Segments.Internal.Storage;

namespace CowCollections.Tests.Segments;

/// <summary>
/// Malformed structure with valid checksums: files crafted record by record, every
/// checksum valid, each breaking one structural rule. Each read gives a typed corrupt error, never an
/// engine exception or a crash (the depth is bounded by the format).
/// </summary>
public class SegmentMalformedTests
{
    private const byte Relaxed = 1;

    private static string Craft(TempDirectory dir, string name, Func<RecordBuffer, long> writeRoot)
    {
        string path = dir.File(name);
        using var handle = new FileStorage(path, File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.ReadWrite));
        var area = new byte[Format.DataStart];
        new HeaderSlot(0, Format.DataStart, 0, 0, 42).Write(area);
        handle.Write(area, 0);
        var b = new RecordBuffer(handle, Format.DataStart, long.MaxValue);
        long root = writeRoot(b);
        var roots = new SortedDictionary<string, long>(StringComparer.Ordinal) { ["xs"] = root };
        long commit = CommitRecord.Write(b, 1, 0, 0, roots);
        b.Flush();
        var slot = new byte[Format.SlotSize];
        new HeaderSlot(1, b.Position, commit, 0, 42).Write(slot);
        handle.Write(slot, Format.SlotBOffset);
        return path;
    }

    private static long Leaf(RecordBuffer b, int count, int start = 0)
    {
        long at = b.BeginRecord(RecordTag.ListLeaf);
        b.WriteInt32(count);
        b.WriteInt32(4);
        for (int i = 0; i < count; i++)
        {
            b.WriteInt32(start + i);
        }

        b.EndRecord(at);
        return at;
    }

    private static long Branch(RecordBuffer b, int shift, long[] children, int[]? sizes = null, Func<long, long[]>? selfReferences = null)
    {
        long at = b.BeginRecord(RecordTag.ListBranch);
        var head = b.GetSpan(8);
        head[0] = (byte)shift;
        head[1] = sizes is null ? (byte)0 : Relaxed;
        BinaryPrimitives.WriteUInt16LittleEndian(head[2..], (ushort)children.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(head[4..], 0);
        b.Advance(8);
        foreach (long c in selfReferences?.Invoke(at) ?? children)
        {
            b.WriteInt64(c);
        }

        foreach (int s in sizes ?? [])
        {
            b.WriteInt32(s);
        }

        b.EndRecord(at);
        return at;
    }

    private static long Root(RecordBuffer b, int count, int shift, long tree, long tail, string codec = "i32")
    {
        long at = b.BeginRecord(RecordTag.ListRoot);
        var span = b.GetSpan(24 + codec.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span, count);
        span[4] = (byte)shift;
        span[5] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], (ushort)codec.Length);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], tree);
        BinaryPrimitives.WriteInt64LittleEndian(span[16..], tail);
        System.Text.Encoding.UTF8.GetBytes(codec, span[24..]);
        b.Advance(24 + codec.Length);
        b.EndRecord(at);
        return at;
    }

    private static SegmentCorruptException ReadFails(string path)
    {
        return Assert.Throws<SegmentCorruptException>(() =>
        {
            using var file = SegmentFile.OpenRead(path);
            _ = file.Current.GetList<int>("xs").ToArray();
        });
    }

    [Fact]
    public void The_crafting_helper_makes_a_valid_file_when_nothing_is_broken()
    {
        using var dir = new TempDirectory();
        string path = Craft(dir, "valid.seg", b =>
        {
            long l0 = Leaf(b, 32, 0);
            long l1 = Leaf(b, 32, 32);
            long branch = Branch(b, 5, [l0, l1]);
            long tail = Leaf(b, 3, 64);
            return Root(b, 67, 5, branch, tail);
        });
        using var file = SegmentFile.OpenRead(path);
        Assert.Equal(Enumerable.Range(0, 67), file.Current.GetList<int>("xs").ToArray());
    }

    [Fact]
    public void A_branch_that_is_its_own_child_is_corrupt()
    {
        using var dir = new TempDirectory();
        string path = Craft(dir, "self.seg", b =>
        {
            long branch = Branch(b, 5, [0], selfReferences: self => [self]);
            return Root(b, 64, 5, branch, Leaf(b, 32));
        });
        Assert.Contains("before its parent", ReadFails(path).Reason);
    }

    [Fact]
    public void A_child_written_after_its_parent_is_corrupt()
    {
        using var dir = new TempDirectory();
        string path = Craft(dir, "after.seg", b =>
        {
            long branch = Branch(b, 5, [0], selfReferences: self => [self + 200]);
            Leaf(b, 32);
            return Root(b, 64, 5, branch, Leaf(b, 32));
        });
        Assert.Contains("before its parent", ReadFails(path).Reason);
    }

    [Fact]
    public void A_tree_deeper_than_the_format_allows_is_corrupt()
    {
        using var dir = new TempDirectory();
        string path = Craft(dir, "deep.seg", b =>
        {
            long node = Leaf(b, 32);
            for (int shift = 5; shift <= 35; shift += 5)
            {
                node = Branch(b, shift, [node, node]);
            }

            return Root(b, 64 + 32, 35, node, Leaf(b, 32));
        });
        Assert.Contains("too deep", ReadFails(path).Reason);
    }

    [Fact]
    public void A_root_above_level_one_with_a_single_child_is_corrupt()
    {
        using var dir = new TempDirectory();
        string path = Craft(dir, "chain.seg", b =>
        {
            long node = Leaf(b, 32);
            for (int shift = 5; shift <= 30; shift += 5)
            {
                node = Branch(b, shift, [node]);
            }

            return Root(b, 64, 30, node, Leaf(b, 32));
        });
        ReadFails(path);
    }

    [Fact]
    public void A_size_table_that_is_not_cumulative_is_corrupt()
    {
        using var dir = new TempDirectory();
        string path = Craft(dir, "sizes.seg", b =>
        {
            long l0 = Leaf(b, 10);
            long l1 = Leaf(b, 20);
            long branch = Branch(b, 5, [l0, l1], sizes: [20, 10]);
            return Root(b, 30 + 32, 5, branch, Leaf(b, 32));
        });
        Assert.Contains("size table", ReadFails(path).Reason);
    }

    [Fact]
    public void A_size_table_whose_total_differs_from_the_count_is_corrupt()
    {
        using var dir = new TempDirectory();
        string path = Craft(dir, "total.seg", b =>
        {
            long l0 = Leaf(b, 10);
            long l1 = Leaf(b, 20);
            long branch = Branch(b, 5, [l0, l1], sizes: [10, 30]);
            return Root(b, 31 + 32, 5, branch, Leaf(b, 32));
        });
        ReadFails(path);
    }

    [Fact]
    public void A_balanced_branch_with_a_short_inner_leaf_is_corrupt()
    {
        using var dir = new TempDirectory();
        string path = Craft(dir, "short.seg", b =>
        {
            long l0 = Leaf(b, 31);
            long l1 = Leaf(b, 32);
            long branch = Branch(b, 5, [l0, l1]);
            return Root(b, 64 + 32, 5, branch, Leaf(b, 32));
        });
        Assert.Contains("parent expects", ReadFails(path).Reason);
    }

    [Fact]
    public void A_child_of_the_wrong_record_type_is_corrupt()
    {
        using var dir = new TempDirectory();
        string path = Craft(dir, "type.seg", b =>
        {
            long l0 = Leaf(b, 32);
            long inner = Branch(b, 5, [l0]);
            long branch = Branch(b, 5, [inner, l0]);
            return Root(b, 64 + 32, 5, branch, Leaf(b, 32));
        });
        Assert.Contains("expected a ListLeaf", ReadFails(path).Reason);
    }

    [Fact]
    public void A_misaligned_or_out_of_file_offset_is_corrupt()
    {
        using var dir = new TempDirectory();
        string path = Craft(dir, "misaligned.seg", b =>
        {
            long l0 = Leaf(b, 32);
            long branch = Branch(b, 5, [l0 + 3]);
            return Root(b, 64, 5, branch, Leaf(b, 32));
        });
        ReadFails(path);

        string before = Craft(dir, "header.seg", b =>
        {
            long branch = Branch(b, 5, [16]);
            return Root(b, 64, 5, branch, Leaf(b, 32));
        });
        ReadFails(before);
    }

    [Fact]
    public void A_list_count_that_disagrees_with_its_tail_is_corrupt()
    {
        using var dir = new TempDirectory();
        string path = Craft(dir, "count.seg", b => Root(b, 20, 0, 0, Leaf(b, 5)));
        ReadFails(path);
    }

    [Fact]
    public void Bytes_a_codec_cannot_decode_are_corrupt()
    {
        using var dir = new TempDirectory();
        string path = Craft(dir, "utf8.seg", b =>
        {
            long at = b.BeginRecord(RecordTag.ListLeaf);
            b.WriteInt32(1);
            b.WriteInt32(0);
            b.WriteInt32(2);
            b.WriteBytes([0xC3, 0x28]);
            b.EndRecord(at);
            return Root(b, 1, 0, 0, at, "utf8");
        });
        using var file = SegmentFile.OpenRead(path);
        var e = Assert.Throws<SegmentCorruptException>(() => file.Current.GetList<string>("xs"));
        Assert.Contains("could not decode", e.Reason);
    }

    [Fact]
    public void A_root_table_pointing_forward_is_corrupt()
    {
        using var dir = new TempDirectory();
        string path = dir.File("forward.seg");
        using (var handle = new FileStorage(path, File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.ReadWrite)))
        {
            var area = new byte[Format.DataStart];
            new HeaderSlot(0, Format.DataStart, 0, 0, 42).Write(area);
            handle.Write(area, 0);
            var b = new RecordBuffer(handle, Format.DataStart, long.MaxValue);
            var roots = new SortedDictionary<string, long>(StringComparer.Ordinal) { ["xs"] = Format.DataStart + 4096 };
            long commit = CommitRecord.Write(b, 1, 0, 0, roots);
            b.Flush();
            var slot = new byte[Format.SlotSize];
            new HeaderSlot(1, b.Position, commit, 0, 42).Write(slot);
            handle.Write(slot, Format.SlotBOffset);
        }

        // The newest root table is corrupt, so open falls back to commit 0 (no roots) in slot A.
        using var file = SegmentFile.OpenRead(path);
        Assert.Equal(0, file.Current.Commit.Number);
    }
}
