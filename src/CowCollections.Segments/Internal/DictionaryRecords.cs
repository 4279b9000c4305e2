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
/// Encodes a <see cref="PersistentDictionary{TKey, TValue}"/> as records and decodes it lazily.
/// <para>Records (payloads; see docs/segment-format.md):</para>
/// <list type="bullet">
/// <item>DictionaryRoot: count i32, key codec id length u16, value codec id length u16, root node i64 (0 = empty),
/// key size i32, value size i32 (the codecs' fixed sizes, 0 = variable), key codec id, value codec id.</item>
/// <item>DictionaryNode: shift u8, reserved u8[3], data map u32, node map u32, embedded map u32 (sub-nodes stored
/// in this record), key block length u32, collision entry count u32 (0 for bitmap nodes); external child offsets
/// i64[e] and their subtree entry counts i32[e] (e = PopCount(node map &amp; ~embedded map)); embedded children's
/// data maps u32[k]; the key block (this node's entries, then each embedded child's, in slot order); the value
/// block in the same order. A block holds raw bytes for raw codecs, fixed-size encodings, or u32 length + bytes
/// per value.</item>
/// </list>
/// <para>The node records are written and read by <see cref="ChampRecords{TKey, TValue}"/>, which sets share
/// (<see cref="SetRecords{T}"/>).</para>
/// <para>On disk a key's hash is the format's (<see cref="SegmentKeyComparer{TKey}"/>: XxHash3 of its encoding),
/// never the process's. A dictionary opened from a file therefore has that comparer as its key comparer and
/// its nodes are the file's nodes. A dictionary with another key comparer is converted on commit; the writer
/// remembers the last conversion per root name and applies only the <c>Diff</c> to the next version, so a
/// one-key change still appends one path.</para>
/// <para>Decoding checks, top-down, every CHAMP invariant the engine relies on (see <see cref="ChampNode{TKey, TValue}"/>):
/// the record type and the shift its parent expects (so the depth is bounded: shift 0..30 for bitmap nodes, 35 for
/// collision nodes), each node's shape by the engine's own node-shape rules (<see cref="ChampPersistence.ValidateNode"/>
/// and <see cref="ChampPersistence.ValidateCollision"/>: disjoint bitmaps with no bit a hash fragment cannot reach,
/// canonical form, collision nodes without maps and with two entries or more), child offsets before the parent,
/// every key's hash on the path that leads to it and in the slot of its fragment, distinct keys of one full hash in
/// a collision node, and subtree entry counts that add up to the count the parent expects (so the dictionary's
/// <c>Count</c> is right without reading the whole tree).</para>
/// </summary>
internal static class DictionaryRecords<TKey, TValue>
    where TKey : notnull
{
    /// <summary>The id stored with a dictionary root for the pair of codecs (one string, so the node table matches both).</summary>
    public static string PairId(ISegmentCodec<TKey> keyCodec, ISegmentCodec<TValue> valueCodec) => keyCodec.Id + "\n" + valueCodec.Id;

    // ---------------------------------------------------------------- writing

    public static long WriteDictionary(CommitWriter w, string name, PersistentDictionary<TKey, TValue> dictionary, ISegmentCodec<TKey> keyCodec, ISegmentCodec<TValue> valueCodec)
    {
        string pairId = PairId(keyCodec, valueCodec);
        if (w.TryFind(dictionary, pairId, out long known))
        {
            return known;
        }

        var stored = InFormat(w, name, dictionary, keyCodec);
        long root = stored.Count == 0 ? 0 : ChampRecords<TKey, TValue>.WriteNode(w, stored.Root, 0, keyCodec, valueCodec, pairId).Offset;
        var b = w.Buffer;
        long offset = b.BeginRecord(RecordTag.DictionaryRoot);
        int keyIdLength = Encoding.UTF8.GetByteCount(keyCodec.Id);
        int valueIdLength = Encoding.UTF8.GetByteCount(valueCodec.Id);
        var span = b.GetSpan(DictionaryRoot.FixedSize + keyIdLength + valueIdLength);
        BinaryPrimitives.WriteInt32LittleEndian(span, stored.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], checked((ushort)keyIdLength));
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], checked((ushort)valueIdLength));
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], root);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], keyCodec.FixedSize);
        BinaryPrimitives.WriteInt32LittleEndian(span[20..], valueCodec.FixedSize);
        Encoding.UTF8.GetBytes(keyCodec.Id, span[DictionaryRoot.FixedSize..]);
        Encoding.UTF8.GetBytes(valueCodec.Id, span[(DictionaryRoot.FixedSize + keyIdLength)..]);
        b.Advance(DictionaryRoot.FixedSize + keyIdLength + valueIdLength);
        b.EndRecord(offset);
        w.Written(dictionary, offset, pairId);
        if (!ReferenceEquals(stored, dictionary))
        {
            w.Written(stored, offset, pairId);
        }

        return offset;
    }

    /// <summary>
    /// <paramref name="dictionary"/> under the format's key comparer: itself when it already has it; else the
    /// last conversion written under <paramref name="name"/> with this version's <c>Diff</c> applied (O(changes)),
    /// or a full O(n) conversion.
    /// </summary>
    private static PersistentDictionary<TKey, TValue> InFormat(CommitWriter w, string name, PersistentDictionary<TKey, TValue> dictionary, ISegmentCodec<TKey> keyCodec)
    {
        if (SegmentKeyComparer<TKey>.Matches(dictionary.EngineComparer, keyCodec))
        {
            return dictionary;
        }

        var comparer = SegmentKeyComparer<TKey>.For(keyCodec);
        PersistentDictionary<TKey, TValue>? result = null;
        if (w.TryGetConversion(name, out var previous) &&
            previous.Source is PersistentDictionary<TKey, TValue> source &&
            previous.Converted is PersistentDictionary<TKey, TValue> converted &&
            ReferenceEquals(source.EngineComparer, dictionary.EngineComparer) &&
            ReferenceEquals(source.ValueComparer, dictionary.ValueComparer) &&
            SegmentKeyComparer<TKey>.Matches(converted.EngineComparer, keyCodec))
        {
            var builder = converted.ToBuilder();
            foreach (var change in source.Diff(dictionary))
            {
                if (change.Kind == DictionaryChangeKind.Removed)
                {
                    builder.Remove(change.Key);
                }
                else
                {
                    builder[change.Key] = change.NewValue!;
                }
            }

            result = builder.ToImmutable();
            if (result.Count != dictionary.Count)
            {
                result = null;
            }
        }

        if (result is null)
        {
            // One sort and a bottom-up build instead of n random-order insertions.
            var entries = new ChampEntry<TKey, TValue>[dictionary.Count];
            int i = 0;
            foreach (var (key, value) in dictionary)
            {
                entries[i++] = new ChampEntry<TKey, TValue>(key, value, (uint)comparer.GetHashCode(key));
            }

            var root = ChampPersistence.BuildTrie<TKey, TValue>(entries, comparer, out int distinct);
            result = PersistentDictionary<TKey, TValue>.FromRoot(root, distinct, PersistentDictionary<TKey, TValue>.EmptyWith(comparer, dictionary.ValueComparer));
            if (result.Count != dictionary.Count)
            {
                throw new InvalidOperationException(
                    $"The dictionary has {dictionary.Count} keys but only {result.Count} distinct encodings under codec '{keyCodec.Id}': " +
                    "a segment compares keys by their encoded bytes, so keys its comparer tells apart must encode differently.");
            }
        }

        w.Converted(name, dictionary, result);
        return result;
    }

    // ---------------------------------------------------------------- reading

    /// <summary>Opens the dictionary whose root record is at <paramref name="offset"/>: O(1), decodes the root node's entries only.</summary>
    public static PersistentDictionary<TKey, TValue> ReadDictionary(ReadContext ctx, long offset, long limit, ISegmentCodec<TKey> keyCodec, ISegmentCodec<TValue> valueCodec)
    {
        var root = DictionaryRoot.Read(ctx.View, offset, limit);
        int count = root.Count;
        if (root.KeyCodecId != keyCodec.Id || root.ValueCodecId != valueCodec.Id)
        {
            throw new SegmentFormatException(ctx.Path, offset,
                $"the dictionary was written with codecs '{root.KeyCodecId}' -> '{root.ValueCodecId}', not '{keyCodec.Id}' -> '{valueCodec.Id}'");
        }

        if (root.KeySize != keyCodec.FixedSize || root.ValueSize != valueCodec.FixedSize)
        {
            throw Corrupt(ctx, offset, $"dictionary value sizes {root.KeySize}/{root.ValueSize} do not match codecs '{keyCodec.Id}' ({keyCodec.FixedSize}) and '{valueCodec.Id}' ({valueCodec.FixedSize})");
        }

        var comparer = SegmentKeyComparer<TKey>.For(keyCodec);
        var empty = PersistentDictionary<TKey, TValue>.EmptyWith(comparer, null);
        var dictionary = count == 0
            ? empty
            : PersistentDictionary<TKey, TValue>.FromRoot(ChampRecords<TKey, TValue>.ReadRoot(ctx, root.RootNode, offset, count, keyCodec, valueCodec, comparer, PairId(keyCodec, valueCodec), null), count, empty);
        ctx.Register(dictionary, offset, PairId(keyCodec, valueCodec));
        return dictionary;
    }

    private static SegmentCorruptException Corrupt(ReadContext ctx, long offset, string reason) => new(ctx.Path, offset, reason);

}

/// <summary>The fixed fields of a dictionary root record (see <see cref="DictionaryRecords{TKey, TValue}"/>), read without codecs.</summary>
internal readonly record struct DictionaryRoot(int Count, long RootNode, int KeySize, int ValueSize, string KeyCodecId, string ValueCodecId)
{
    /// <summary>Bytes before the codec ids.</summary>
    public const int FixedSize = 24;

    public static DictionaryRoot Read(MappedView view, long offset, long limit)
    {
        var p = view.Record(offset, RecordTag.DictionaryRoot, limit);
        if (p.Length < FixedSize)
        {
            throw new SegmentCorruptException(view.Path, offset, "dictionary root shorter than its fixed fields");
        }

        int keyIdLength = BinaryPrimitives.ReadUInt16LittleEndian(p[4..]);
        int valueIdLength = BinaryPrimitives.ReadUInt16LittleEndian(p[6..]);
        if (p.Length != FixedSize + keyIdLength + valueIdLength)
        {
            throw new SegmentCorruptException(view.Path, offset, "dictionary root has a bad codec id length");
        }

        int count = BinaryPrimitives.ReadInt32LittleEndian(p);
        long node = BinaryPrimitives.ReadInt64LittleEndian(p[8..]);
        if (count < 0 || (count == 0) != (node == 0))
        {
            throw new SegmentCorruptException(view.Path, offset, $"dictionary root count {count} does not agree with its root node offset {node} (0 exactly when empty)");
        }

        return new DictionaryRoot(
            count,
            node,
            BinaryPrimitives.ReadInt32LittleEndian(p[16..]),
            BinaryPrimitives.ReadInt32LittleEndian(p[20..]),
            Encoding.UTF8.GetString(p.Slice(FixedSize, keyIdLength)),
            Encoding.UTF8.GetString(p.Slice(FixedSize + keyIdLength, valueIdLength)));
    }
}
