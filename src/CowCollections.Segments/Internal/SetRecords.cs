using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;
using CowCollections.Internal.Persistence;

namespace CowCollections.Segments.Internal;

/// <summary>Marks a codec whose values take no bytes: the value block of a node record written with it is empty.</summary>
internal interface IEmptyCodec
{
}

/// <summary>
/// The value codec of a set's nodes: a set is a CHAMP trie of (element, unit) entries and every unit is the same
/// empty struct, so its value block is empty. Its id is never stored; it only keeps a set's nodes apart from a
/// dictionary's in the writer's node table.
/// </summary>
/// <typeparam name="TUnit">The set's value type (see <see cref="ChampPersistence.ForSetValue{TResult}"/>).</typeparam>
internal sealed class UnitCodec<TUnit> : ISegmentCodec<TUnit>, IEmptyCodec
    where TUnit : struct
{
    public static readonly UnitCodec<TUnit> Instance = new();

    public string Id => "set";

    public int FixedSize => 0;

    public void Encode(TUnit value, IBufferWriter<byte> destination)
    {
    }

    public TUnit Decode(ReadOnlySpan<byte> source) => default;
}

/// <summary>
/// Encodes a <see cref="PersistentHashSet{T}"/> as records and decodes it lazily: a SetRoot record over the
/// dictionary's node records (<see cref="ChampRecords{TKey, TValue}"/>) whose value blocks are empty.
/// <para>SetRoot payload (see docs/segment-format.md): count i32, element codec id length u16, flags u16 (bit 0: the
/// set holds null; the others 0), root node i64 (0 = empty), element size i32 (the codec's fixed size, 0 = variable),
/// null encoding length i32 (0 without the flag), the element codec id, the codec's encoding of null (with the flag).</para>
/// <para>Elements are hashed and compared as dictionary keys are (<see cref="SegmentKeyComparer{TKey}"/>), and a set
/// with another comparer is converted on commit, then converted by its <c>Diff</c> from the last conversion of the
/// same root name (as <see cref="DictionaryRecords{TKey, TValue}"/> does). A null element hashes to 0 on disk as in
/// memory; the root stores its encoding so that a reader without the element type (the checker) can tell it apart.</para>
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal static class SetRecords<T>
{
    /// <summary>The id the writer's node table knows a set's records by (the element codec's and the empty value codec's).</summary>
    public static string PairId(ISegmentCodec<T> codec) => codec.Id + "\nset";

    /// <summary>
    /// The encoding of null under <paramref name="codec"/> when <paramref name="set"/> holds null; null when it does
    /// not. A codec that cannot encode null (it throws, or its encoding does not decode back to null) is refused.
    /// </summary>
    /// <exception cref="ArgumentException">The set holds null and <paramref name="codec"/> cannot store it.</exception>
    public static byte[]? NullEncoding(string name, PersistentHashSet<T> set, ISegmentCodec<T> codec, string parameter)
    {
        if (default(T) is not null || !set.Contains(default!))
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(16);
        bool roundTrips;
        try
        {
            codec.Encode(default!, buffer);
            roundTrips = (codec.FixedSize == 0 || buffer.WrittenCount == codec.FixedSize) && codec.Decode(buffer.WrittenSpan) is null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ArgumentException($"The set committed as root '{name}' holds null, which codec '{codec.Id}' cannot encode: {e.Message}", parameter, e);
        }

        return roundTrips
            ? buffer.WrittenSpan.ToArray()
            : throw new ArgumentException($"The set committed as root '{name}' holds null, which codec '{codec.Id}' does not read back as null.", parameter);
    }

    // ---------------------------------------------------------------- writing

    public static long WriteSet(CommitWriter w, string name, PersistentHashSet<T> set, ISegmentCodec<T> codec)
    {
        string pairId = PairId(codec);
        if (w.TryFind(set, pairId, out long known))
        {
            return known;
        }

        byte[]? nullEncoding = NullEncoding(name, set, codec, "set");
        var stored = InFormat(w, name, set, codec);
        long root = stored.Count == 0 ? 0 : ChampPersistence.ForSetValue(new NodeWriter(w, stored, codec, pairId));
        var b = w.Buffer;
        long offset = b.BeginRecord(RecordTag.SetRoot);
        int idLength = Encoding.UTF8.GetByteCount(codec.Id);
        int nullLength = nullEncoding?.Length ?? 0;
        var span = b.GetSpan(SetRoot.FixedSize + idLength + nullLength);
        BinaryPrimitives.WriteInt32LittleEndian(span, stored.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], checked((ushort)idLength));
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], nullEncoding is null ? (ushort)0 : SetRoot.HoldsNullFlag);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], root);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], codec.FixedSize);
        BinaryPrimitives.WriteInt32LittleEndian(span[20..], nullLength);
        Encoding.UTF8.GetBytes(codec.Id, span[SetRoot.FixedSize..]);
        nullEncoding?.CopyTo(span[(SetRoot.FixedSize + idLength)..]);
        b.Advance(SetRoot.FixedSize + idLength + nullLength);
        b.EndRecord(offset);
        w.Written(set, offset, pairId);
        if (!ReferenceEquals(stored, set))
        {
            w.Written(stored, offset, pairId);
        }

        return offset;
    }

    /// <summary>
    /// <paramref name="set"/> under the format's comparer: itself when it already has it; else the last conversion
    /// written under <paramref name="name"/> with this version's <c>Diff</c> applied (O(changes)), or a full O(n) conversion.
    /// </summary>
    private static PersistentHashSet<T> InFormat(CommitWriter w, string name, PersistentHashSet<T> set, ISegmentCodec<T> codec)
    {
        if (SegmentKeyComparer<T>.Matches(set.EngineComparer, codec))
        {
            return set;
        }

        var comparer = SegmentKeyComparer<T>.For(codec);
        PersistentHashSet<T>? result = null;
        if (w.TryGetConversion(name, out var previous) &&
            previous.Source is PersistentHashSet<T> source &&
            previous.Converted is PersistentHashSet<T> converted &&
            ReferenceEquals(source.EngineComparer, set.EngineComparer) &&
            SegmentKeyComparer<T>.Matches(converted.EngineComparer, codec))
        {
            var builder = converted.ToBuilder();
            foreach (var change in source.Diff(set))
            {
                if (change.Kind == SetChangeKind.Removed)
                {
                    builder.Remove(change.Item);
                }
                else
                {
                    builder.Add(change.Item);
                }
            }

            result = builder.ToImmutable();
            if (result.Count != set.Count)
            {
                result = null;
            }
        }

        if (result is null)
        {
            result = PersistentHashSet.CreateRange(comparer, set);
            if (result.Count != set.Count)
            {
                throw new InvalidOperationException(
                    $"The set has {set.Count} elements but only {result.Count} distinct encodings under codec '{codec.Id}': " +
                    "a segment compares elements by their encoded bytes, so elements its comparer tells apart must encode differently.");
            }
        }

        w.Converted(name, set, result);
        return result;
    }

    private sealed class NodeWriter(CommitWriter w, PersistentHashSet<T> set, ISegmentCodec<T> codec, string pairId) : IChampSetFunction<long>
    {
        public long Invoke<TUnit>()
            where TUnit : struct =>
            ChampRecords<T, TUnit>.WriteNode(w, ChampPersistence.SetRoot<T, TUnit>(set), 0, codec, UnitCodec<TUnit>.Instance, pairId).Offset;
    }

    // ---------------------------------------------------------------- reading

    /// <summary>
    /// Opens the set whose root record is at <paramref name="offset"/>: O(1), decodes the root node's entries only.
    /// <paramref name="isNull"/> tells which decoded element is the stored null, for a reader whose codec does not
    /// decode it to null (the checker's opaque codec); by default, a null.
    /// </summary>
    public static PersistentHashSet<T> ReadSet(ReadContext ctx, long offset, long limit, ISegmentCodec<T> codec, Func<T, bool>? isNull = null)
    {
        var root = SetRoot.Read(ctx.View, offset, limit);
        if (root.CodecId != codec.Id)
        {
            throw new SegmentFormatException(ctx.Path, offset, $"the set was written with codec '{root.CodecId}', not '{codec.Id}'");
        }

        if (root.ElementSize != codec.FixedSize)
        {
            throw new SegmentCorruptException(ctx.Path, offset, $"set element size {root.ElementSize} does not match codec '{codec.Id}' ({codec.FixedSize})");
        }

        if (root.NullEncoding is not null && isNull is null)
        {
            if (default(T) is not null)
            {
                throw new SegmentFormatException(ctx.Path, offset, $"the set holds null, which its element type {typeof(T)} cannot");
            }

            isNull = static element => element is null;
        }

        var comparer = SegmentKeyComparer<T>.For(codec);
        string pairId = PairId(codec);
        var set = root.Count == 0
            ? PersistentHashSet.Create<T>((IEqualityComparer<T>)comparer)
            : ChampPersistence.ForSetValue(new NodeReader(ctx, offset, root, codec, comparer, pairId, root.NullEncoding is null ? null : isNull));
        ctx.Register(set, offset, pairId);
        return set;
    }

    private sealed class NodeReader(ReadContext ctx, long offset, SetRoot root, ISegmentCodec<T> codec, SegmentKeyComparer<T> comparer, string pairId, Func<T, bool>? isNull)
        : IChampSetFunction<PersistentHashSet<T>>
    {
        public PersistentHashSet<T> Invoke<TUnit>()
            where TUnit : struct =>
            ChampPersistence.SetFromRoot(
                ChampRecords<T, TUnit>.ReadRoot(ctx, root.RootNode, offset, root.Count, codec, UnitCodec<TUnit>.Instance, comparer, pairId, isNull),
                root.Count,
                comparer);
    }
}

/// <summary>The fields of a set root record (see <see cref="SetRecords{T}"/>), read without a codec.</summary>
internal readonly record struct SetRoot(int Count, long RootNode, int ElementSize, string CodecId, byte[]? NullEncoding)
{
    /// <summary>Bytes before the codec id.</summary>
    public const int FixedSize = 24;

    /// <summary>Flags bit 0: the set holds null, whose encoding follows the codec id.</summary>
    public const ushort HoldsNullFlag = 1;

    public static SetRoot Read(MappedView view, long offset, long limit)
    {
        var p = view.Record(offset, RecordTag.SetRoot, limit);
        if (p.Length < FixedSize)
        {
            throw new SegmentCorruptException(view.Path, offset, "set root shorter than its fixed fields");
        }

        int idLength = BinaryPrimitives.ReadUInt16LittleEndian(p[4..]);
        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(p[6..]);
        int nullLength = BinaryPrimitives.ReadInt32LittleEndian(p[20..]);
        if ((flags & ~HoldsNullFlag) != 0)
        {
            throw new SegmentCorruptException(view.Path, offset, $"set root has unknown flags {flags:x4}");
        }

        bool holdsNull = (flags & HoldsNullFlag) != 0;
        if (nullLength < 0 || (!holdsNull && nullLength != 0) || p.Length != FixedSize + (long)idLength + nullLength)
        {
            throw new SegmentCorruptException(view.Path, offset, "set root has a bad codec id or null encoding length");
        }

        int count = BinaryPrimitives.ReadInt32LittleEndian(p);
        long node = BinaryPrimitives.ReadInt64LittleEndian(p[8..]);
        if (count < 0 || (count == 0) != (node == 0) || (holdsNull && count == 0))
        {
            throw new SegmentCorruptException(view.Path, offset, $"set root count {count} does not agree with its root node offset {node} (0 exactly when empty) or its null flag");
        }

        return new SetRoot(
            count,
            node,
            BinaryPrimitives.ReadInt32LittleEndian(p[16..]),
            Encoding.UTF8.GetString(p.Slice(FixedSize, idLength)),
            holdsNull ? p.Slice(FixedSize + idLength, nullLength).ToArray() : null);
    }
}
