using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using CowCollections.Internal.Persistence;

namespace CowCollections.Segments.Internal;

/// <summary>
/// Encodes a <see cref="PersistentArray{T}"/> (a vector trie of chunks) and decodes it lazily.
/// <para>ArrayRoot record (tag <see cref="RecordTag.ArrayRoot"/>): length i32, chunk size i32, chunk directory i64
/// (a ListRoot record whose values are chunks).</para>
/// <para>Version 2 (codec id <c>chunks{size}:{element codec id}</c>): each chunk is its own
/// <see cref="RecordTag.ListLeaf"/> record of its elements, and each leaf of the directory (up to 128 chunks) is an
/// <see cref="RecordTag.ArrayChunkTable"/> record of chunk offsets, so a one-element change appends one chunk, one
/// table (1 KiB of offsets) and the path, and unchanged chunks are found by identity and never written again.
/// Version 1 (codec id <c>chunk{size}:{element codec id}</c>, read only): a directory leaf embeds its chunks, each as
/// count u32 then the values.</para>
/// <para>Checks: the chunk size is this process's <c>ChunkedArrayPersistence.ChunkSize&lt;T&gt;()</c>; chunks in the tree
/// are full (checked when decoded); the tail's chunks are full except the last, whose length and the chunk count agree
/// with the array length (checked at open).</para>
/// </summary>
internal static class ArrayRecords<T>
{
    public static long WriteArray(CommitWriter w, PersistentArray<T> array, ISegmentCodec<T> codec)
    {
        var parts = ChunkedArrayPersistence.Chunks(array, out int length);
        int chunkSize = ChunkedArrayPersistence.ChunkSize<T>();
        long chunks = ListRecords<T[]>.WriteCore(w, array, parts, new ChunkTables(codec, chunkSize, requireFull: true));
        var b = w.Buffer;
        long offset = b.BeginRecord(RecordTag.ArrayRoot);
        b.WriteInt32(length);
        b.WriteInt32(chunkSize);
        b.WriteInt64(chunks);
        b.EndRecord(offset);
        return offset;
    }

    public static PersistentArray<T> ReadArray(ReadContext ctx, long offset, long limit, ISegmentCodec<T> codec)
    {
        var (length, chunkSize, chunks) = ReadRoot(ctx, offset, limit);
        if (chunkSize != ChunkedArrayPersistence.ChunkSize<T>())
        {
            throw new SegmentFormatException(ctx.Path, offset, $"the array was written with {chunkSize}-element chunks; {typeof(T).Name} uses {ChunkedArrayPersistence.ChunkSize<T>()} in this process");
        }

        var list = ReadDirectory(ctx, offset, length, chunkSize, chunks, codec, out string id);
        var array = ChunkedArrayPersistence.Array(list, length);
        ctx.Register(array, chunks, id);
        return array;
    }

    /// <summary>The fields of the array root at <paramref name="offset"/>: length, chunk size, chunk directory offset.</summary>
    private static (int Length, int ChunkSize, long Chunks) ReadRoot(ReadContext ctx, long offset, long limit)
    {
        var p = ctx.View.Record(offset, RecordTag.ArrayRoot, limit);
        if (p.Length != 16)
        {
            throw new SegmentCorruptException(ctx.Path, offset, "array root is not 16 bytes");
        }

        return (BinaryPrimitives.ReadInt32LittleEndian(p), BinaryPrimitives.ReadInt32LittleEndian(p[4..]), BinaryPrimitives.ReadInt64LittleEndian(p[8..]));
    }

    /// <summary>True when the array root at <paramref name="offset"/> has a version 2 directory (chunks as their own records).</summary>
    public static bool HasChunkRecords(ReadContext ctx, long offset, long limit)
    {
        var p = ctx.View.Record(offset, RecordTag.ArrayRoot, limit);
        long chunks = p.Length == 16 ? BinaryPrimitives.ReadInt64LittleEndian(p[8..]) : 0;
        return chunks > 0 && chunks < offset && ListRecords<T[]>.CodecId(ctx, chunks, offset).StartsWith(ChunkTables.Prefix, StringComparison.Ordinal);
    }

    /// <summary>
    /// The elements of the version 2 array root at <paramref name="offset"/> read with an element codec made from the codec id and
    /// fixed size the records name (for a checker that knows no element type): every record is decoded and checked.
    /// </summary>
    public static PersistentList<T> ReadElements(ReadContext ctx, long offset, long limit, Func<string, int, ISegmentCodec<T>> elementCodec, out string elementCodecId)
    {
        var (length, chunkSize, chunks) = ReadRoot(ctx, offset, limit);
        if (chunkSize < 1 || chunks >= offset)
        {
            throw new SegmentCorruptException(ctx.Path, offset, "array chunk size is not positive or its chunk list is not before it");
        }

        string id = ListRecords<T[]>.CodecId(ctx, chunks, offset);
        int colon = id.IndexOf(':', StringComparison.Ordinal);
        elementCodecId = colon < 0 ? id : id[(colon + 1)..];
        var codec = elementCodec(elementCodecId, ElementSize(ctx, chunks, offset));
        var list = ReadDirectory(ctx, offset, length, chunkSize, chunks, codec, out _);
        var elements = new T[length];
        int at = 0;
        foreach (var chunk in ListRecords<T[]>.Leaves(list))
        {
            foreach (var values in chunk)
            {
                values.CopyTo(elements, at);
                at += values.Length;
            }
        }

        return PersistentList.Create<T>(elements);
    }

    /// <summary>The element size a version 2 directory's chunk records state (its tail's first chunk; 0 when there is none).</summary>
    private static int ElementSize(ReadContext ctx, long chunks, long limit)
    {
        var root = ctx.View.Record(chunks, RecordTag.ListRoot, limit);
        long tail = root.Length >= 24 ? BinaryPrimitives.ReadInt64LittleEndian(root[16..]) : 0;
        if (tail <= 0 || tail >= chunks)
        {
            return 0;
        }

        var table = ctx.View.Record(tail, RecordTag.ArrayChunkTable, chunks);
        long first = table.Length >= 16 ? BinaryPrimitives.ReadInt64LittleEndian(table[8..]) : 0;
        if (first <= 0 || first >= tail)
        {
            return 0;
        }

        var chunk = ctx.View.Record(first, RecordTag.ListLeaf, tail);
        return chunk.Length >= 8 ? BinaryPrimitives.ReadInt32LittleEndian(chunk[4..]) : 0;
    }

    /// <summary>Reads the chunk directory of an array of <paramref name="length"/> in either version and checks its chunk lengths.</summary>
    private static ListParts<T[]> ReadDirectory(ReadContext ctx, long offset, int length, int chunkSize, long chunks, ISegmentCodec<T> codec, out string id)
    {
        if (length < 0 || chunks >= offset)
        {
            throw new SegmentCorruptException(ctx.Path, offset, "array length is negative or its chunk list is not before it");
        }

        id = ListRecords<T[]>.CodecId(ctx, chunks, offset);
        ISegmentCodec<T[]> tree, tail;
        if (id == ChunkTables.IdOf(codec, chunkSize))
        {
            tree = new ChunkTables(codec, chunkSize, requireFull: true);
            tail = new ChunkTables(codec, chunkSize, requireFull: false);
        }
        else
        {
            tree = new ChunkCodec(codec, chunkSize, requireFull: true);
            tail = new ChunkCodec(codec, chunkSize, requireFull: false);
            id = tree.Id;
        }

        var list = ListRecords<T[]>.ReadCore(ctx, chunks, offset, tree, tail, ChunkedArrayPersistence.DirectoryLeafBits);
        int expectedChunks = length == 0 ? 0 : (int)(((long)length + chunkSize - 1) / chunkSize);
        if (list.Count != expectedChunks)
        {
            throw new SegmentCorruptException(ctx.Path, offset, $"{list.Count} chunks for an array of {length} (expected {expectedChunks})");
        }

        for (int i = 0; i < list.TailCount; i++)
        {
            int index = list.Count - list.TailCount + i;
            int want = index < expectedChunks - 1 ? chunkSize : length - ((expectedChunks - 1) * chunkSize);
            if (list.Tail[i].Length != want)
            {
                throw new SegmentCorruptException(ctx.Path, offset, $"chunk {index} holds {list.Tail[i].Length} elements, expected {want}");
            }
        }

        return list;
    }

    /// <summary>
    /// The chunk directory of version 2: a directory leaf is an <see cref="RecordTag.ArrayChunkTable"/> of chunk record
    /// offsets, each chunk a <see cref="RecordTag.ListLeaf"/> of its elements written once and found again by identity.
    /// Values are never encoded one by one (the list layer writes and reads whole leaves through
    /// <see cref="IListLeafRecords{T}"/>), so <see cref="Encode"/> and <see cref="Decode"/> refuse.
    /// </summary>
    private sealed class ChunkTables(ISegmentCodec<T> element, int chunkSize, bool requireFull) : ISegmentCodec<T[]>, IListLeafRecords<T[]>
    {
        public const string Prefix = "chunks";

        public string Id { get; } = IdOf(element, chunkSize);

        /// <summary>The node-table key of a chunk record (a chunk is written once per element codec).</summary>
        private readonly string _chunkKey = $"{Prefix}{chunkSize}:{element.Id}/chunk";

        public int FixedSize => 8;

        public static string IdOf(ISegmentCodec<T> element, int chunkSize) => $"{Prefix}{chunkSize}:{element.Id}";

        public void Encode(T[] value, IBufferWriter<byte> destination) =>
            throw new InvalidOperationException("A chunk directory's values are chunk records, written with their leaf.");

        public T[] Decode(ReadOnlySpan<byte> source) =>
            throw new InvalidOperationException("A chunk directory's values are chunk records, read with their leaf.");

        public long WriteLeaf(CommitWriter w, ReadOnlySpan<T[]> values)
        {
            Span<long> offsets = values.Length <= 256 ? stackalloc long[values.Length] : new long[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                var chunk = values[i];
                if (!w.TryFind(chunk, _chunkKey, out offsets[i]))
                {
                    offsets[i] = ListRecords<T>.WriteValues(w, chunk, element);
                    w.Written(chunk, offsets[i], _chunkKey);
                }
            }

            var b = w.Buffer;
            long offset = b.BeginRecord(RecordTag.ArrayChunkTable);
            b.WriteInt32(values.Length);
            b.WriteInt32(0);
            foreach (long chunk in offsets)
            {
                b.WriteInt64(chunk);
            }

            b.EndRecord(offset);
            return offset;
        }

        public T[][] ReadLeaf(ReadContext ctx, long offset, long limit, int expected, int max)
        {
            var p = ctx.View.Record(offset, RecordTag.ArrayChunkTable, limit);
            int count = p.Length >= 8 ? BinaryPrimitives.ReadInt32LittleEndian(p) : -1;
            if (count < 1 || count > max || (expected >= 0 && count != expected) || p.Length != 8 + (8L * count) || BinaryPrimitives.ReadInt32LittleEndian(p[4..]) != 0)
            {
                throw new SegmentCorruptException(ctx.Path, offset, $"chunk table of {count} chunks where 1..{max}{(expected >= 0 ? $" and exactly {expected}" : string.Empty)} are expected, or a bad length or reserved field");
            }

            var chunks = new T[count][];
            for (int i = 0; i < count; i++)
            {
                long at = BinaryPrimitives.ReadInt64LittleEndian(p[(8 + (8 * i))..]);
                chunks[i] = ListRecords<T>.ReadValues(ctx, at, offset, requireFull ? chunkSize : -1, chunkSize, element);
                ctx.Register(chunks[i], at, _chunkKey);
            }

            return chunks;
        }
    }

    /// <summary>A chunk (T[]) as one value of the chunk list.</summary>
    private sealed class ChunkCodec(ISegmentCodec<T> element, int chunkSize, bool requireFull) : ISegmentCodec<T[]>
    {
        public string Id { get; } = $"chunk{chunkSize}:{element.Id}";

        public int FixedSize => 0;

        public void Encode(T[] value, IBufferWriter<byte> destination)
        {
            BinaryPrimitives.WriteInt32LittleEndian(destination.GetSpan(4), value.Length);
            destination.Advance(4);
            if (element is IRawCodec)
            {
                var bytes = System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(
                    ref System.Runtime.CompilerServices.Unsafe.As<T, byte>(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(value)),
                    value.Length * element.FixedSize);
                bytes.CopyTo(destination.GetSpan(bytes.Length));
                destination.Advance(bytes.Length);
                return;
            }

            var scratch = new ArrayBufferWriter<byte>();
            foreach (var item in value)
            {
                scratch.ResetWrittenCount();
                element.Encode(item, scratch);
                if (element.FixedSize > 0 && scratch.WrittenCount != element.FixedSize)
                {
                    throw new InvalidOperationException($"Codec '{element.Id}' declares {element.FixedSize} bytes per value but wrote {scratch.WrittenCount}.");
                }

                int prefix = element.FixedSize > 0 ? 0 : 4;
                var span = destination.GetSpan(prefix + scratch.WrittenCount);
                if (prefix > 0)
                {
                    BinaryPrimitives.WriteInt32LittleEndian(span, scratch.WrittenCount);
                }

                scratch.WrittenSpan.CopyTo(span[prefix..]);
                destination.Advance(prefix + scratch.WrittenCount);
            }
        }

        public T[] Decode(ReadOnlySpan<byte> source)
        {
            if (source.Length < 4)
            {
                throw new FormatException("a chunk shorter than its count");
            }

            int count = BinaryPrimitives.ReadInt32LittleEndian(source);
            if (count < 1 || count > chunkSize || (requireFull && count != chunkSize))
            {
                throw new FormatException($"a chunk of {count} elements (chunks hold {chunkSize}{(requireFull ? ", and chunks in the tree are full" : string.Empty)})");
            }

            var values = new T[count];
            var data = source[4..];
            int size = element.FixedSize;
            if (size > 0 && data.Length != (long)count * size)
            {
                throw new FormatException($"chunk data is {data.Length} bytes, {count} values of {size} bytes expected");
            }

            if (element is IRawCodec)
            {
                data.CopyTo(System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref System.Runtime.CompilerServices.Unsafe.As<T, byte>(ref values[0]), data.Length));
                return values;
            }

            for (int i = 0; i < count; i++)
            {
                if (size > 0)
                {
                    values[i] = element.Decode(data.Slice(i * size, size));
                    continue;
                }

                if (data.Length < 4)
                {
                    throw new FormatException($"value {i} of the chunk runs past the record");
                }

                uint n = BinaryPrimitives.ReadUInt32LittleEndian(data);
                if (n > (uint)(data.Length - 4))
                {
                    throw new FormatException($"value {i} of the chunk claims {n} bytes, past the record");
                }

                values[i] = element.Decode(data.Slice(4, (int)n));
                data = data[(4 + (int)n)..];
            }

            return !data.IsEmpty ? throw new FormatException("trailing bytes after the chunk's values") : values;
        }
    }
}
