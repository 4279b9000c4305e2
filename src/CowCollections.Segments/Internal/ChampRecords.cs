using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Numerics;
using System.Text;
using CowCollections.Internal;
using CowCollections.Internal.Champ;
using CowCollections.Internal.Persistence;

namespace CowCollections.Segments.Internal;

/// <summary>
/// The CHAMP node records (DictionaryNode) of a dictionary or a set, written and read lazily; the root records
/// are <see cref="DictionaryRecords{TKey, TValue}"/>' and <see cref="SetRecords{T}"/>'. See
/// <see cref="DictionaryRecords{TKey, TValue}"/> for the record layout and the checks decoding makes. A set's
/// nodes are a dictionary's with an empty value codec (<see cref="IEmptyCodec"/>): their value block has no bytes.
/// A set may hold null: it hashes to 0 in memory and on disk (the engine's rule), so a reader that knows which
/// key is the null (<c>isNull</c>) checks it on the hash-0 path; without one a null key is damage.
/// </summary>
internal static class ChampRecords<TKey, TValue>
{
    private const int Bits = SharedPersistence.ChampBits;
    private const int HeaderSize = 24;
    private const int CollisionShift = ChampPersistence.CollisionShift;

    /// <summary>The node <paramref name="node"/> and the sub-nodes not yet in the file: its record offset and its subtree's entry count.</summary>
    public static (long Offset, int Count) WriteNode(CommitWriter w, ChampNode<TKey, TValue> node, int shift, ISegmentCodec<TKey> keyCodec, ISegmentCodec<TValue> valueCodec, string pairId)
    {
        if (w.TryFind(node, pairId, out long known, out long knownCount))
        {
            return (known, (int)knownCount);
        }

        // A shell of another file (or of no table) is written from the node it stands for.
        node = node.Resolve();
        var nodes = node.Nodes;
        int m = nodes.Length;
        var external = new List<(long Offset, int Count)>(m);
        var embeddedMaps = new List<uint>(m);
        var keys = new List<TKey>(node.Entries.Length);
        var values = new List<TValue>(node.Entries.Length);
        Append(node, keys, values);
        uint embedded = 0;
        uint remaining = node.NodeMap;
        int count = node.Entries.Length;
        for (int i = 0; i < m; i++)
        {
            uint bit = remaining & (0u - remaining);
            remaining ^= bit;
            var child = nodes[i];
            if (!child.IsShell && Embeds(child, shift + Bits))
            {
                embedded |= bit;
                embeddedMaps.Add(child.DataMap);
                count += child.Entries.Length;
                continue;
            }

            var written = WriteNode(w, child, shift + Bits, keyCodec, valueCodec, pairId);
            external.Add(written);
            count += written.Count;
        }

        // Embedded children's entries follow the node's own, in slot order.
        remaining = embedded;
        while (remaining != 0)
        {
            uint bit = remaining & (0u - remaining);
            remaining ^= bit;
            Append(nodes[ChampNode<TKey, TValue>.Slot(node.NodeMap, bit)], keys, values);
        }

        var b = w.Buffer;
        long offset = b.BeginRecord(RecordTag.DictionaryNode);
        var head = b.GetSpan(HeaderSize);
        head[..HeaderSize].Clear();
        head[0] = (byte)shift;
        BinaryPrimitives.WriteUInt32LittleEndian(head[4..], node.DataMap);
        BinaryPrimitives.WriteUInt32LittleEndian(head[8..], node.NodeMap);
        BinaryPrimitives.WriteUInt32LittleEndian(head[12..], embedded);
        BinaryPrimitives.WriteInt32LittleEndian(head[20..], shift == CollisionShift ? node.Entries.Length : 0);
        b.Advance(HeaderSize);
        foreach (var (childOffset, _) in external)
        {
            b.WriteInt64(childOffset);
        }

        foreach (var (_, childCount) in external)
        {
            b.WriteInt32(childCount);
        }

        foreach (uint map in embeddedMaps)
        {
            b.WriteUInt32(map);
        }

        long keysStart = b.Position;
        LeafCodec<TKey>.Write(b, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(keys), keyCodec);
        b.PatchInt32(offset + Format.RecordHeaderSize + 16, checked((int)(b.Position - keysStart)));
        LeafCodec<TValue>.Write(b, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values), valueCodec);
        b.EndRecord(offset);
        w.Written(node, offset, pairId, count);
        return (offset, count);
    }

    /// <summary>
    /// A child is stored inside its parent's record (no record of its own) when it is a bitmap node without
    /// sub-nodes: most nodes of a large CHAMP are such small leaves, and a record per leaf would cost more
    /// than the entries it holds (see docs/segment-format.md).
    /// </summary>
    private static bool Embeds(ChampNode<TKey, TValue> child, int childShift) => childShift < CollisionShift && child.NodeMap == 0;

    private static void Append(ChampNode<TKey, TValue> node, List<TKey> keys, List<TValue> values)
    {
        foreach (ref readonly var entry in node.Entries)
        {
            keys.Add(entry.Key);
            values.Add(entry.Value);
        }
    }

    /// <summary>Opens the trie whose root node record is at <paramref name="rootNode"/> (read by the root record at <paramref name="rootRecord"/>), expecting <paramref name="count"/> entries.</summary>
    public static ChampNode<TKey, TValue> ReadRoot(ReadContext ctx, long rootNode, long rootRecord, int count, ISegmentCodec<TKey> keyCodec, ISegmentCodec<TValue> valueCodec, SegmentKeyComparer<TKey> comparer, string pairId, Func<TKey, bool>? isNull) =>
        new NodeReader(ctx, keyCodec, valueCodec, comparer, pairId, isNull).Node(rootNode, rootRecord, 0, 0, count);

    private static SegmentCorruptException Corrupt(ReadContext ctx, long offset, string reason) => new(ctx.Path, offset, reason);

    /// <summary>Reads node records for one opened dictionary.</summary>
    private sealed class NodeReader(ReadContext ctx, ISegmentCodec<TKey> keyCodec, ISegmentCodec<TValue> valueCodec, SegmentKeyComparer<TKey> comparer, string pairId, Func<TKey, bool>? isNull)
    {
        public ReadContext Context => ctx;

        private string? _codecs;

        /// <summary>The codec ids the nodes are read with, as a <see cref="CheckedRecord"/> states them (built on first use: only a check asks).</summary>
        public string Codecs => _codecs ??= $"{keyCodec.Id}|{valueCodec.Id}";

        /// <summary>
        /// The node at <paramref name="offset"/>, checked against what its parent expects: its shift, the hash
        /// bits of its path (<paramref name="prefix"/>, the low <paramref name="shift"/> bits) and its entry count.
        /// Its entries and embedded children are decoded now, its other sub-nodes on first touch.
        /// </summary>
        /// <summary>
        /// A shell for the node at <paramref name="offset"/>: <see cref="Node"/> runs, with the same expectations, when a
        /// walk first reaches it. The shell is registered as that record (a writer re-committing it finds it by identity).
        /// </summary>
        public ChampNode<TKey, TValue> Shell(long offset, long limit, int shift, uint prefix, int expected)
        {
            var shell = ChampNode<TKey, TValue>.Shell(new ShellSource(this, offset, limit, shift, prefix, expected));
            ctx.Register(shell, offset, pairId, expected);
            return shell;
        }

        public ChampNode<TKey, TValue> Node(long offset, long limit, int shift, uint prefix, int expected)
        {
            var p = ctx.View.Record(offset, RecordTag.DictionaryNode, limit);
            if (p.Length < HeaderSize)
            {
                throw Corrupt(ctx, offset, "dictionary node shorter than its fixed fields");
            }

            bool collision = shift == CollisionShift;
            uint dataMap = BinaryPrimitives.ReadUInt32LittleEndian(p[4..]);
            uint nodeMap = BinaryPrimitives.ReadUInt32LittleEndian(p[8..]);
            uint embedded = BinaryPrimitives.ReadUInt32LittleEndian(p[12..]);
            int keyBlock = BinaryPrimitives.ReadInt32LittleEndian(p[16..]);
            int collisionCount = BinaryPrimitives.ReadInt32LittleEndian(p[20..]);
            if (p[0] != shift)
            {
                throw Corrupt(ctx, offset, $"dictionary node shift {p[0]} where its parent expects {shift}");
            }

            if (p[1] != 0 || p[2] != 0 || p[3] != 0)
            {
                throw Corrupt(ctx, offset, "dictionary node has non-zero reserved bytes");
            }

            int own;
            if (collision)
            {
                string? reason = ChampPersistence.ValidateCollision(dataMap, nodeMap, collisionCount, 0)
                    ?? (embedded != 0 ? $"a collision node has an embedded map {embedded:x8}" : null);
                if (reason is not null)
                {
                    throw Corrupt(ctx, offset, reason);
                }

                own = collisionCount;
            }
            else
            {
                CheckMaps(offset, shift, dataMap, nodeMap, isRoot: shift == 0);
                if ((embedded & ~nodeMap) != 0 || collisionCount != 0)
                {
                    throw Corrupt(ctx, offset, $"bad bitmaps: embedded children {embedded:x8} are not a subset of the sub-nodes {nodeMap:x8}, or a bitmap node has a collision count");
                }

                if (shift + Bits >= CollisionShift && embedded != 0)
                {
                    throw Corrupt(ctx, offset, "a collision node cannot be embedded");
                }

                own = BitOperations.PopCount(dataMap);
            }

            int e = BitOperations.PopCount(nodeMap & ~embedded);
            int k = BitOperations.PopCount(embedded);
            long tableEnd = HeaderSize + (12L * e) + (4L * k);
            if (keyBlock < 0 || tableEnd + keyBlock > p.Length)
            {
                throw Corrupt(ctx, offset, "dictionary node tables run past the record");
            }

            var childOffsets = new long[e];
            var childCounts = new int[e];
            long total = own;
            long externalTotal = 0;
            for (int i = 0; i < e; i++)
            {
                childOffsets[i] = BinaryPrimitives.ReadInt64LittleEndian(p[(HeaderSize + (8 * i))..]);
                childCounts[i] = BinaryPrimitives.ReadInt32LittleEndian(p[(HeaderSize + (8 * e) + (4 * i))..]);
                if (childOffsets[i] >= offset)
                {
                    throw Corrupt(ctx, offset, $"child {i} at {childOffsets[i]} is not before its parent (a cycle or a forward reference)");
                }

                if (childCounts[i] < ChampPersistence.MinSubtreeEntries)
                {
                    throw Corrupt(ctx, offset, $"child {i} claims {childCounts[i]} entries; a sub-node holds at least two");
                }

                externalTotal += childCounts[i];
            }

            total += externalTotal;
            var embeddedMaps = new uint[k];
            for (int i = 0; i < k; i++)
            {
                embeddedMaps[i] = BinaryPrimitives.ReadUInt32LittleEndian(p[(HeaderSize + (12 * e) + (4 * i))..]);
                CheckMaps(offset, shift + Bits, embeddedMaps[i], 0, isRoot: false);
                total += BitOperations.PopCount(embeddedMaps[i]);
            }

            if (total != expected)
            {
                throw Corrupt(ctx, offset, $"the node's subtree holds {total} entries, its parent expects {expected}");
            }

            // Every encoded value takes at least its fixed size, or a 4-byte length: a count the bytes cannot hold is refused before anything is allocated.
            int inline = (int)(total - externalTotal);
            var data = p[(int)tableEnd..];
            if (inline > keyBlock / MinBytes(keyCodec.FixedSize) || (valueCodec is not IEmptyCodec && inline > (data.Length - keyBlock) / MinBytes(valueCodec.FixedSize)))
            {
                throw Corrupt(ctx, offset, $"the node claims {inline} entries, more than its key and value blocks can hold");
            }

            var keys = LeafCodec<TKey>.Read(ctx, offset, data[..keyBlock], inline, keyCodec);
            var values = LeafCodec<TValue>.Read(ctx, offset, data[keyBlock..], inline, valueCodec);
            var entries = Entries(offset, keys, values, 0, own, shift, prefix, collision ? 0 : dataMap, collision);

            // Embedded children, in slot order: their entries follow the node's own.
            var embeddedNodes = new ChampNode<TKey, TValue>[k];
            int at = own;
            uint remaining = embedded;
            for (int i = 0; i < k; i++)
            {
                uint bit = remaining & (0u - remaining);
                remaining ^= bit;
                uint childPrefix = prefix | ((uint)BitOperations.TrailingZeroCount(bit) << shift);
                int n = BitOperations.PopCount(embeddedMaps[i]);
                embeddedNodes[i] = ChampNode<TKey, TValue>.Bitmap(embeddedMaps[i], 0, Entries(offset, keys, values, at, n, shift + Bits, childPrefix, embeddedMaps[i], false), [], null);
                at += n;
            }

            ChampNode<TKey, TValue> node;
            if (e == 0)
            {
                node = collision ? ChampNode<TKey, TValue>.Collision(entries, null) : ChampNode<TKey, TValue>.Bitmap(dataMap, nodeMap, entries, embeddedNodes, null);
            }
            else
            {
                var loader = new Loader(this, offset, shift, prefix, nodeMap, embedded, childOffsets, childCounts, embeddedNodes);
                node = ChampNode<TKey, TValue>.Lazy(dataMap, nodeMap, entries, loader);
            }

            ctx.Register(node, offset, pairId, expected);
            return node;
        }

        private static int MinBytes(int fixedSize) => fixedSize > 0 ? fixedSize : 4;

        /// <summary>
        /// The engine's node-shape rules for a bitmap node (disjoint maps, no slot a hash fragment cannot reach,
        /// canonical form below the root); the record stores no array lengths, so they are the maps' counts.
        /// </summary>
        private void CheckMaps(long offset, int shift, uint dataMap, uint nodeMap, bool isRoot)
        {
            string? reason = ChampPersistence.ValidateNode(dataMap, nodeMap, BitOperations.PopCount(dataMap), BitOperations.PopCount(nodeMap), shift, isRoot);
            if (reason is not null)
            {
                throw Corrupt(ctx, offset, reason);
            }
        }

        /// <summary>
        /// Entries <paramref name="start"/>..+<paramref name="count"/> of the decoded keys and values, checked:
        /// each key's format hash is on the path (<paramref name="prefix"/>) and selects its slot in
        /// <paramref name="dataMap"/>; in a collision node the keys are distinct.
        /// </summary>
        private ChampEntry<TKey, TValue>[] Entries(long offset, TKey[] keys, TValue[] values, int start, int count, int shift, uint prefix, uint dataMap, bool collision)
        {
            var entries = new ChampEntry<TKey, TValue>[count];
            uint mask = shift >= 32 ? uint.MaxValue : (1u << shift) - 1;
            uint remaining = dataMap;
            for (int i = 0; i < count; i++)
            {
                var key = keys[start + i];
                uint hash;
                if (isNull is not null && isNull(key))
                {
                    // A set's null element: on the path of the hash the engine gives it, never its encoding's.
                    hash = ChampPersistence.NullHash;
                }
                else if (key is null)
                {
                    throw Corrupt(ctx, offset, $"key {start + i} of the node decodes to null (codec '{keyCodec.Id}'); a dictionary key is never null, nor a set element the set's root does not declare");
                }
                else
                {
                    hash = (uint)comparer.GetHashCode(key);
                }
                if ((hash & mask) != prefix)
                {
                    throw Corrupt(ctx, offset, $"a key's hash {hash:x8} is not on the path to its node (prefix {prefix:x8}, shift {shift})");
                }

                if (collision)
                {
                    for (int j = 0; j < i; j++)
                    {
                        if (comparer.Equals(entries[j].Key, key))
                        {
                            throw Corrupt(ctx, offset, $"collision node entries {j} and {i} have equal keys");
                        }
                    }
                }
                else
                {
                    uint bit = remaining & (0u - remaining);
                    remaining ^= bit;
                    if (ChampPersistence.Bit(hash, shift) != bit)
                    {
                        throw Corrupt(ctx, offset, $"a key's hash {hash:x8} does not select its slot at shift {shift}");
                    }
                }

                entries[i] = new ChampEntry<TKey, TValue>(key, values[start + i], hash);
            }

            return entries;
        }

        /// <summary>Decodes the external sub-nodes of one node on first touch and merges them with its embedded ones, in slot order.</summary>
        private sealed class ShellSource(NodeReader reader, long offset, long limit, int shift, uint prefix, int expected)
            : ChampShellSource<TKey, TValue>
        {
            public override ChampNode<TKey, TValue> Decode() => reader.Node(offset, limit, shift, prefix, expected);
        }

        private sealed class Loader(NodeReader reader, long offset, int shift, uint prefix, uint nodeMap, uint embedded, long[] childOffsets, int[] childCounts, ChampNode<TKey, TValue>[] embeddedNodes)
            : ChampNodeSource<TKey, TValue>
        {
            public override ChampNode<TKey, TValue>[] Load()
            {
                var nodes = new ChampNode<TKey, TValue>[BitOperations.PopCount(nodeMap)];
                uint remaining = nodeMap;
                int external = 0;
                int inside = 0;
                for (int i = 0; i < nodes.Length; i++)
                {
                    uint bit = remaining & (0u - remaining);
                    remaining ^= bit;
                    if ((embedded & bit) != 0)
                    {
                        nodes[i] = embeddedNodes[inside++];
                        continue;
                    }

                    uint fragment = (uint)BitOperations.TrailingZeroCount(bit);
                    long child = childOffsets[external];
                    uint childPrefix = prefix | (fragment << shift);
                    if (reader.Context.Checked is null)
                    {
                        // A shell: the child's record is read when a walk reaches it, so a lookup decodes only its path.
                        nodes[i] = reader.Shell(child, offset, shift + Bits, childPrefix, childCounts[external]);
                    }
                    else
                    {
                        // A recalled node was checked under the same expectations; only "before its parent" is new here.
                        var record = new CheckedRecord(child, shift + Bits, ((long)childPrefix << 32) | (uint)childCounts[external], reader.Codecs);
                        nodes[i] = child < offset && reader.Context.TryRecall(record, out ChampNode<TKey, TValue>? known)
                            ? known
                            : reader.Context.Remember(record, reader.Node(child, offset, shift + Bits, childPrefix, childCounts[external]));
                    }
                    external++;
                }

                return nodes;
            }
        }
    }
}
