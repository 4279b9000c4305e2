using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using CowCollections.Internal.Persistence;

namespace CowCollections.Segments.Internal;

/// <summary>
/// A leaf format other than <see cref="RecordTag.ListLeaf"/> for the leaves of one list kind (an array's chunk
/// directory stores each leaf as a table of chunk records). Implemented by the codec that list is written with.
/// </summary>
internal interface IListLeafRecords<T>
{
    /// <summary>Writes the leaf holding <paramref name="values"/> (children first) and returns its record's offset.</summary>
    long WriteLeaf(CommitWriter w, ReadOnlySpan<T> values);

    /// <summary>Reads the leaf record at <paramref name="offset"/>; <paramref name="expected"/> is its required length (-1: 1..<paramref name="max"/>).</summary>
    T[] ReadLeaf(ReadContext ctx, long offset, long limit, int expected, int max);
}

/// <summary>
/// Encodes a <see cref="PersistentList{T}"/> (or any vector-trie list, such as an array's chunk directory) as records
/// and decodes it lazily.
/// <para>Records (payloads; see docs/segment-format.md):</para>
/// <list type="bullet">
/// <item>ListRoot: count i32, shift u8, leaf bits u8 (0 in version 1: 5), codec id length u16, tree i64 (0 = none),
/// tail i64 (0 = empty), codec id.</item>
/// <item>ListBranch: shift u8, flags u8 (1 = relaxed), child count u16, reserved u32, child offsets i64[n], sizes i32[n] when relaxed.</item>
/// <item>ListLeaf: count i32, element size i32 (the codec's fixed size, 0 = variable), then the values:
/// raw bytes for raw codecs, fixed-size encodings, or (variable) u32 length + bytes per value.</item>
/// </list>
/// <para>A branch's shift is the leaf bits for a branch over leaves, +5 per level. A file may hold lists of both leaf
/// widths (the 32-element leaves of version 1 and the 64-element leaves of version 2): each root says which, and a
/// tree read with narrower leaves than the engine's fits the engine as a relaxed tree (every decoded node is relaxed
/// anyway), one engine level per record level. Nodes decoded from, or written as, one leaf width are remembered under
/// a key holding that width, so a branch of one width never points at a node of the other.</para>
/// <para>Decoding checks, top-down, everything the engine relies on (the node invariants): record
/// types per level, child offsets before the parent, 1..Width children, size tables cumulative and equal to
/// the count the parent expects (each child at most its capacity with the insert slack), full children under balanced
/// branches, leaf lengths. A tree that passes is a valid engine tree, so no engine code ever runs on a malformed node.</para>
/// </summary>
internal static class ListRecords<T>
{
    private const int Bits = VectorTriePersistence.Bits;
    private const int Width = VectorTriePersistence.Width;

    /// <summary>The node-table key of a list node written with <paramref name="codecId"/> in a tree of <paramref name="leafBits"/>.</summary>
    private static string NodeKey(string codecId, int leafBits) => leafBits == VectorTriePersistence.LegacyLeafBits ? codecId : $"{codecId}#{leafBits}";

    // ---------------------------------------------------------------- writing

    public static long WriteList(CommitWriter w, PersistentList<T> list, ISegmentCodec<T> codec) => WriteCore(w, list, VectorTriePersistence.Parts(list), codec);

    /// <summary>Writes the list state <paramref name="core"/>; <paramref name="identity"/> is the value it belongs to (remembered with its offset).</summary>
    public static long WriteCore(CommitWriter w, object identity, in ListParts<T> core, ISegmentCodec<T> codec)
    {
        if (w.TryFind(identity, codec.Id, out long known))
        {
            return known;
        }

        string key = NodeKey(codec.Id, core.LeafBits);
        long tree = core.Root is { } root ? WriteBranch(w, root, core.Shift, core.LeafBits, codec, key) : 0;
        long tail = core.TailCount == 0 ? 0 : WriteLeaf(w, core.Tail, core.TailCount, codec, key);
        var b = w.Buffer;
        long offset = b.BeginRecord(RecordTag.ListRoot);
        int idLength = Encoding.UTF8.GetByteCount(codec.Id);
        var span = b.GetSpan(24 + idLength);
        BinaryPrimitives.WriteInt32LittleEndian(span, core.Count);
        span[4] = (byte)(core.Root is null ? 0 : core.Shift);
        span[5] = (byte)core.LeafBits;
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], checked((ushort)idLength));
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], tree);
        BinaryPrimitives.WriteInt64LittleEndian(span[16..], tail);
        Encoding.UTF8.GetBytes(codec.Id, span[24..]);
        b.Advance(24 + idLength);
        b.EndRecord(offset);
        w.Written(identity, offset, codec.Id);
        return offset;
    }

    private static long WriteBranch(CommitWriter w, ListNode branch, int shift, int leafBits, ISegmentCodec<T> codec, string key)
    {
        if (w.TryFind(branch.Identity, key, out long known))
        {
            return known;
        }

        var sizes = branch.Sizes;
        int n = branch.Count;
        Span<long> offsets = stackalloc long[n];
        for (int i = 0; i < n; i++)
        {
            if (shift == leafBits)
            {
                var leaf = branch.Leaf<T>(i);
                offsets[i] = WriteLeaf(w, leaf, leaf.Length, codec, key);
            }
            else
            {
                offsets[i] = WriteBranch(w, branch.Child(i), shift - Bits, leafBits, codec, key);
            }
        }

        var b = w.Buffer;
        long offset = b.BeginRecord(RecordTag.ListBranch);
        var head = b.GetSpan(8);
        head[0] = (byte)shift;
        head[1] = sizes is null ? (byte)0 : (byte)1;
        BinaryPrimitives.WriteUInt16LittleEndian(head[2..], (ushort)n);
        BinaryPrimitives.WriteUInt32LittleEndian(head[4..], 0);
        b.Advance(8);
        for (int i = 0; i < n; i++)
        {
            b.WriteInt64(offsets[i]);
        }

        if (sizes is not null)
        {
            for (int i = 0; i < n; i++)
            {
                b.WriteInt32(sizes[i]);
            }
        }

        b.EndRecord(offset);
        w.Written(branch.Identity, offset, key);
        return offset;
    }

    private static long WriteLeaf(CommitWriter w, T[] leaf, int count, ISegmentCodec<T> codec, string key)
    {
        if (count == leaf.Length && w.TryFind(leaf, key, out long known))
        {
            return known;
        }

        long offset = codec is IListLeafRecords<T> records ? records.WriteLeaf(w, leaf.AsSpan(0, count)) : WriteValues(w, leaf.AsSpan(0, count), codec);
        if (count == leaf.Length)
        {
            w.Written(leaf, offset, key);
        }

        return offset;
    }

    /// <summary>Writes <paramref name="values"/> as one <see cref="RecordTag.ListLeaf"/> record (a list's leaf, or an array's chunk).</summary>
    public static long WriteValues(CommitWriter w, ReadOnlySpan<T> values, ISegmentCodec<T> codec)
    {
        var b = w.Buffer;
        long offset = b.BeginRecord(RecordTag.ListLeaf);
        b.WriteInt32(values.Length);
        b.WriteInt32(codec.FixedSize);
        LeafCodec<T>.Write(b, values, codec);
        b.EndRecord(offset);
        return offset;
    }

    // ---------------------------------------------------------------- reading

    /// <summary>Opens the list whose root record is at <paramref name="offset"/>: O(1), decodes the tail only.</summary>
    public static PersistentList<T> ReadList(ReadContext ctx, long offset, long limit, ISegmentCodec<T> codec)
    {
        var core = ReadCore(ctx, offset, limit, codec, codec, VectorTriePersistence.ListLeafBits);
        var list = VectorTriePersistence.List(core);
        ctx.Register(list, offset, codec.Id);
        return list;
    }

    /// <summary>The codec id a list root record names (so a caller can pick the codec of that encoding).</summary>
    public static string CodecId(ReadContext ctx, long offset, long limit)
    {
        var p = ctx.View.Record(offset, RecordTag.ListRoot, limit);
        int idLength = p.Length < 24 ? -1 : BinaryPrimitives.ReadUInt16LittleEndian(p[6..]);
        if (idLength < 0 || p.Length != 24 + idLength)
        {
            throw Corrupt(ctx, offset, "list root shorter than its fixed fields or with a bad codec id length");
        }

        return Encoding.UTF8.GetString(p.Slice(24, idLength));
    }

    /// <summary>
    /// Reads a list root into engine state for a geometry with <paramref name="engineLeafBits"/>; the tail is decoded
    /// with <paramref name="tailCodec"/> (same id), which lets a caller check the tail by other rules than the tree's leaves.
    /// </summary>
    /// <summary>A list root record, checked, with its tail decoded; null for an empty list.</summary>
    private static RootRecord? ReadRoot(ReadContext ctx, long offset, long limit, ISegmentCodec<T> codec, ISegmentCodec<T> tailCodec, int engineLeafBits)
    {
        var p = ctx.View.Record(offset, RecordTag.ListRoot, limit);
        if (p.Length < 24)
        {
            throw Corrupt(ctx, offset, "list root shorter than its fixed fields");
        }

        int count = BinaryPrimitives.ReadInt32LittleEndian(p);
        int shift = p[4];
        int leafBits = p[5] == 0 ? VectorTriePersistence.LegacyLeafBits : p[5];
        int idLength = BinaryPrimitives.ReadUInt16LittleEndian(p[6..]);
        long tree = BinaryPrimitives.ReadInt64LittleEndian(p[8..]);
        long tail = BinaryPrimitives.ReadInt64LittleEndian(p[16..]);
        if (p.Length != 24 + idLength)
        {
            throw Corrupt(ctx, offset, "list root has a bad codec id length");
        }

        if (!p.Slice(24, idLength).SequenceEqual(Encoding.UTF8.GetBytes(codec.Id)))
        {
            throw new SegmentFormatException(ctx.Path, offset, $"the list was written with codec '{Encoding.UTF8.GetString(p.Slice(24, idLength))}', not '{codec.Id}'");
        }

        if (leafBits != VectorTriePersistence.LegacyLeafBits && leafBits != engineLeafBits)
        {
            throw new SegmentFormatException(ctx.Path, offset, $"the list was written with {1 << Math.Min(leafBits, 30)}-element leaves; this library reads {1 << VectorTriePersistence.LegacyLeafBits} and {1 << engineLeafBits}");
        }

        if (count < 0)
        {
            throw Corrupt(ctx, offset, "negative list count");
        }

        if (count == 0)
        {
            if (tree != 0 || tail != 0 || shift != 0)
            {
                throw Corrupt(ctx, offset, "an empty list with nodes");
            }

            return null;
        }

        if (tail == 0)
        {
            throw Corrupt(ctx, offset, "a non-empty list without a tail");
        }

        var geometry = new RecordGeometry(leafBits, engineLeafBits);
        string key = NodeKey(codec.Id, leafBits);
        var tailArray = ReadLeaf(ctx, tail, offset, -1, 1 << leafBits, tailCodec);
        if (tailArray.Length > count)
        {
            throw Corrupt(ctx, offset, "tail longer than the list");
        }

        if (count <= 1 << leafBits || tree == 0)
        {
            if (tree != 0 || shift != 0 || tailArray.Length != count)
            {
                throw Corrupt(ctx, offset, $"a list of at most {1 << leafBits} elements must be its tail alone");
            }
        }
        else if (shift < leafBits || shift > Format.MaxListShift || (shift - leafBits) % Bits != 0)
        {
            throw Corrupt(ctx, offset, $"tree shift {shift} is not {leafBits} plus a multiple of {Bits} up to {Format.MaxListShift} (too deep)");
        }

        return new RootRecord(count, shift, leafBits, tree, tail, tailArray, geometry, key);
    }

    /// <summary>The checked fields of a list root record.</summary>
    private readonly record struct RootRecord(int Count, int Shift, int LeafBits, long Tree, long Tail, T[] TailArray, RecordGeometry Geometry, string Key);

    /// <summary>
    /// The values of the list whose root record is at <paramref name="offset"/>, in order, read straight from the
    /// records leaf by leaf: no node is built or kept, so memory stays at one leaf and one branch record per level
    /// however long the list. Every record is checked as it is reached, as <see cref="ReadList"/> checks it.
    /// </summary>
    public static IEnumerable<T> Scan(ReadContext ctx, long offset, long limit, ISegmentCodec<T> codec) =>
        ReadRoot(ctx, offset, limit, codec, codec, VectorTriePersistence.ListLeafBits) is { } root ? ScanValues(ctx, codec, root, offset) : [];

    /// <summary>The values below a checked root: the tree's leaves in order, then the tail.</summary>
    private static IEnumerable<T> ScanValues(ReadContext ctx, ISegmentCodec<T> codec, RootRecord r, long offset)
    {
        if (r.Tree != 0)
        {
            foreach (var leaf in ScanBranch(ctx, codec, r.Geometry, r.Tree, r.Shift, r.Count - r.TailArray.Length, isRoot: true, limit: offset))
            {
                foreach (var value in leaf)
                {
                    yield return value;
                }
            }
        }

        foreach (var value in r.TailArray)
        {
            yield return value;
        }
    }

    private static IEnumerable<T[]> ScanBranch(ReadContext ctx, ISegmentCodec<T> codec, RecordGeometry geometry, long offset, int shift, int expected, bool isRoot, long limit)
    {
        var header = BranchHeader.Read(ctx, offset, shift, geometry, expected, isRoot, limit);
        for (int i = 0; i < header.Children.Length; i++)
        {
            if (shift == geometry.Leaf)
            {
                yield return ReadLeaf(ctx, header.Children[i], offset, header.Counts[i], geometry.MaxLeaf, codec);
            }
            else
            {
                foreach (var leaf in ScanBranch(ctx, codec, geometry, header.Children[i], shift - Bits, header.Counts[i], isRoot: false, limit: offset))
                {
                    yield return leaf;
                }
            }
        }
    }

    public static ListParts<T> ReadCore(ReadContext ctx, long offset, long limit, ISegmentCodec<T> codec, ISegmentCodec<T> tailCodec, int engineLeafBits)
    {
        if (ReadRoot(ctx, offset, limit, codec, tailCodec, engineLeafBits) is not { } r)
        {
            return ListParts<T>.Empty(engineLeafBits);
        }

        var (count, shift, leafBits, tree, tail, tailArray, geometry, key) = r;
        ListNode? root = null;
        int engineShift = 0;
        if (tree != 0)
        {
            root = LazyBranch(ctx, codec, key, geometry, tree, shift, count - tailArray.Length, isRoot: true, limit: offset);
            engineShift = geometry.EngineShift(shift);
        }

        ctx.Register(tailArray, tail, key);
        var parts = new ListParts<T>(root, engineShift, tailArray, count, engineLeafBits);
        if (root is not null && count <= 1 << engineLeafBits)
        {
            // Short enough to be flat in the engine's geometry (a version 1 list of 33..64 elements): decode it whole.
            var all = new T[count];
            int at = 0;
            foreach (var leaf in Leaves(root.Value, shift, leafBits))
            {
                leaf.CopyTo(all, at);
                at += leaf.Length;
            }

            tailArray.CopyTo(all, at);
            parts = new ListParts<T>(null, 0, all, count, engineLeafBits);
        }

        return parts;
    }

    /// <summary>The leaves of decoded parts in order, the tail last (decodes every node).</summary>
    public static System.Collections.Generic.IEnumerable<T[]> Leaves(ListParts<T> parts)
    {
        if (parts.Root is { } root)
        {
            foreach (var leaf in Leaves(root, parts.Shift, parts.LeafBits))
            {
                yield return leaf;
            }
        }

        yield return parts.Tail.AsSpan(0, parts.TailCount).ToArray();
    }

    private static System.Collections.Generic.IEnumerable<T[]> Leaves(ListNode node, int shift, int leafBits)
    {
        for (int i = 0; i < node.Count; i++)
        {
            if (shift == leafBits)
            {
                yield return node.Leaf<T>(i);
            }
            else
            {
                foreach (var leaf in Leaves(node.Child(i), shift - Bits, leafBits))
                {
                    yield return leaf;
                }
            }
        }
    }

    /// <summary>Decodes a leaf record; <paramref name="expected"/> is its required length (-1: 1..<paramref name="max"/>).</summary>
    private static T[] ReadLeaf(ReadContext ctx, long offset, long limit, int expected, int max, ISegmentCodec<T> codec) =>
        codec is IListLeafRecords<T> records ? records.ReadLeaf(ctx, offset, limit, expected, max) : ReadValues(ctx, offset, limit, expected, max, codec);

    /// <summary>Decodes a <see cref="RecordTag.ListLeaf"/> record; <paramref name="expected"/> is its required length (-1: 1..<paramref name="max"/>).</summary>
    public static T[] ReadValues(ReadContext ctx, long offset, long limit, int expected, int max, ISegmentCodec<T> codec)
    {
        var p = ctx.View.Record(offset, RecordTag.ListLeaf, limit);
        if (p.Length < 8)
        {
            throw Corrupt(ctx, offset, "leaf shorter than its fixed fields");
        }

        int count = BinaryPrimitives.ReadInt32LittleEndian(p);
        int elementSize = BinaryPrimitives.ReadInt32LittleEndian(p[4..]);
        if (count < 1 || count > max || (expected >= 0 && count != expected))
        {
            throw Corrupt(ctx, offset, expected >= 0 ? $"leaf holds {count} values, its parent expects {expected}" : $"leaf count {count} is outside 1..{max}");
        }

        if (elementSize != codec.FixedSize)
        {
            throw Corrupt(ctx, offset, $"leaf element size {elementSize} does not match codec '{codec.Id}' ({codec.FixedSize})");
        }

        return LeafCodec<T>.Read(ctx, offset, p[8..], count, codec);
    }

    private static SegmentCorruptException Corrupt(ReadContext ctx, long offset, string reason) => new(ctx.Path, offset, reason);

    /// <summary>
    /// The leaf bits a tree was written with and those of the engine geometry it is read into: record level k (shift
    /// <c>Leaf + 5k</c>) becomes engine level k (shift <c>Engine + 5k</c>). The engine's leaves are at least as wide,
    /// so every record node fits its engine slot.
    /// </summary>
    private readonly record struct RecordGeometry(int Leaf, int Engine)
    {
        public int EngineShift(int recordShift) => recordShift - Leaf + Engine;

        /// <summary>The most a leaf of the record's width may hold (a relaxed parent's slack included).</summary>
        public int MaxLeaf => (1 << Leaf) << VectorTriePersistence.SlackBits;
    }

    /// <summary>
    /// A pending node for the record at <paramref name="offset"/>: reads and checks the record now (so its
    /// children's counts, hence its size table, are known), decodes its children
    /// on first touch.
    /// </summary>
    private static ListNode LazyBranch(ReadContext ctx, ISegmentCodec<T> codec, string key, RecordGeometry geometry, long offset, int shift, int expected, bool isRoot, long limit)
    {
        var header = BranchHeader.Read(ctx, offset, shift, geometry, expected, isRoot, limit);
        var branch = VectorTriePersistence.PendingNode(new BranchLoader(ctx, codec, key, geometry, offset, shift, expected, isRoot, limit), header.Counts);
        ctx.Register(branch.Identity, offset, key);
        return branch;
    }

    /// <summary>One list branch record, checked against what its parent expects (see the class remarks).</summary>
    private readonly struct BranchHeader
    {
        public int[] Counts { get; private init; }

        public long[] Children { get; private init; }

        public static BranchHeader Read(ReadContext ctx, long offset, int shift, RecordGeometry geometry, int expected, bool isRoot, long limit)
        {
            var p = ctx.View.Record(offset, RecordTag.ListBranch, limit);
            if (p.Length < 8)
            {
                throw Corrupt(ctx, offset, "branch shorter than its fixed fields");
            }

            int n = BinaryPrimitives.ReadUInt16LittleEndian(p[2..]);
            bool relaxed = p[1] == 1;
            if (p[0] != shift)
            {
                throw Corrupt(ctx, offset, $"branch shift {p[0]} where its parent expects {shift}");
            }

            if (p[1] > 1 || BinaryPrimitives.ReadUInt32LittleEndian(p[4..]) != 0)
            {
                throw Corrupt(ctx, offset, "branch has unknown flags");
            }

            if (n < 1 || n > Width || p.Length != 8 + (8 * n) + (relaxed ? 4 * n : 0))
            {
                throw Corrupt(ctx, offset, $"branch child count {n} is outside 1..{Width} or does not match the record length");
            }

            if (isRoot && shift > geometry.Leaf && n < 2)
            {
                throw Corrupt(ctx, offset, "a root above level 1 with a single child");
            }

            long capacity = 1L << shift;
            var counts = new int[n];
            if (relaxed)
            {
                long most = capacity << VectorTriePersistence.SlackBits;
                int previous = 0;
                for (int i = 0; i < n; i++)
                {
                    int s = BinaryPrimitives.ReadInt32LittleEndian(p[(8 + (8 * n) + (4 * i))..]);
                    if (s <= previous || s - previous > most)
                    {
                        throw Corrupt(ctx, offset, $"size table entry {i} ({s}) is not cumulative within child capacity");
                    }

                    counts[i] = s - previous;
                    previous = s;
                }

                if (previous != expected)
                {
                    throw Corrupt(ctx, offset, $"size table totals {previous}, the parent expects {expected}");
                }
            }
            else
            {
                if (expected <= (n - 1) * capacity || expected > n * capacity)
                {
                    throw Corrupt(ctx, offset, $"a balanced branch of {n} children cannot hold {expected} values");
                }

                for (int i = 0; i < n; i++)
                {
                    counts[i] = i < n - 1 ? (int)capacity : (int)(expected - ((n - 1) * capacity));
                }
            }

            var children = new long[n];
            for (int i = 0; i < n; i++)
            {
                children[i] = BinaryPrimitives.ReadInt64LittleEndian(p[(8 + (8 * i))..]);
                if (children[i] >= offset)
                {
                    throw Corrupt(ctx, offset, $"child {i} at {children[i]} is not before its parent (a cycle or a forward reference)");
                }
            }

            return new BranchHeader { Counts = counts, Children = children };
        }
    }

    /// <summary>Decodes the children of one list branch on first touch (see <see cref="ListNodeSource"/>).</summary>
    private sealed class BranchLoader(ReadContext ctx, ISegmentCodec<T> codec, string key, RecordGeometry geometry, long offset, int shift, int expected, bool isRoot, long limit) : ListNodeSource
    {
        public override object[] Load()
        {
            var header = BranchHeader.Read(ctx, offset, shift, geometry, expected, isRoot, limit);
            var children = new object[header.Children.Length];
            for (int i = 0; i < children.Length; i++)
            {
                long child = header.Children[i];
                var record = new CheckedRecord(child, shift - Bits, header.Counts[i], key);
                if (ctx.TryRecall(record, out object? known))
                {
                    children[i] = known;
                }
                else if (shift == geometry.Leaf)
                {
                    var leaf = ReadLeaf(ctx, child, offset, header.Counts[i], geometry.MaxLeaf, codec);
                    ctx.Register(leaf, child, key);
                    children[i] = ctx.Remember(record, leaf);
                }
                else
                {
                    children[i] = ctx.Remember(record, LazyBranch(ctx, codec, key, geometry, child, shift - Bits, header.Counts[i], isRoot: false, limit: offset).Identity);
                }
            }

            return children;
        }
    }
}

/// <summary>The value encodings of a leaf: raw block copy, fixed-size values, or length-prefixed values.</summary>
internal static class LeafCodec<T>
{
    public static void Write(RecordBuffer b, ReadOnlySpan<T> values, ISegmentCodec<T> codec)
    {
        // A set's values (the empty codec) take no bytes: the block is empty.
        if (values.IsEmpty || codec is IEmptyCodec)
        {
            return;
        }

        if (codec is IRawCodec)
        {
            var bytes = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(values)), values.Length * codec.FixedSize);
            b.WriteBytes(bytes);
            return;
        }

        int fixedSize = codec.FixedSize;
        foreach (var value in values)
        {
            if (fixedSize > 0)
            {
                long before = b.Position;
                codec.Encode(value, b);
                if (b.Position - before != fixedSize)
                {
                    throw new InvalidOperationException($"Codec '{codec.Id}' declares {fixedSize} bytes per value but wrote {b.Position - before}.");
                }
            }
            else
            {
                int at = b.ReserveLength();
                codec.Encode(value, b);
                b.PatchLength(at);
            }
        }
    }

    public static T[] Read(ReadContext ctx, long offset, ReadOnlySpan<byte> data, int count, ISegmentCodec<T> codec)
    {
        if (count == 0)
        {
            return data.IsEmpty ? [] : throw new SegmentCorruptException(ctx.Path, offset, "bytes in an empty value block");
        }

        if (codec is IEmptyCodec)
        {
            return data.IsEmpty ? new T[count] : throw new SegmentCorruptException(ctx.Path, offset, $"{data.Length} bytes in the value block of a set node, which has none");
        }

        var values = new T[count];
        int size = codec.FixedSize;
        if (size > 0 && data.Length != (long)count * size)
        {
            throw new SegmentCorruptException(ctx.Path, offset, $"leaf data is {data.Length} bytes, {count} values of {size} bytes expected");
        }

        if (codec is IRawCodec)
        {
            data.CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.As<T, byte>(ref values[0]), data.Length));
            return values;
        }

        try
        {
            for (int i = 0; i < count; i++)
            {
                if (size > 0)
                {
                    values[i] = codec.Decode(data.Slice(i * size, size));
                    continue;
                }

                if (data.Length < 4)
                {
                    throw new SegmentCorruptException(ctx.Path, offset, $"value {i} of the leaf runs past the record");
                }

                uint length = BinaryPrimitives.ReadUInt32LittleEndian(data);
                if (length > (uint)(data.Length - 4))
                {
                    throw new SegmentCorruptException(ctx.Path, offset, $"value {i} of the leaf claims {length} bytes, past the record");
                }

                values[i] = codec.Decode(data.Slice(4, (int)length));
                data = data[(4 + (int)length)..];
            }
        }
        catch (Exception e) when (e is not SegmentException)
        {
            throw new SegmentCorruptException(ctx.Path, offset, $"codec '{codec.Id}' could not decode a value: {e.Message}", e);
        }

        if (size == 0 && !data.IsEmpty)
        {
            throw new SegmentCorruptException(ctx.Path, offset, "trailing bytes after the leaf's values");
        }

        return values;
    }
}
