using System;
using System.Buffers;
using System.Buffers.Binary;
using CowCollections.Internal.Persistence;

namespace CowCollections.Segments.Internal;

/// <summary>
/// Encodes a <see cref="PersistentArray{T}"/> (a vector trie of chunks) and decodes it lazily.
/// <para>ArrayRoot record (tag <see cref="RecordTag.ArrayRoot"/>): length i32, chunk size i32, chunk list i64
/// (a ListRoot record whose values are chunks, codec id <c>chunk{size}:{element codec id}</c>).</para>
/// <para>A chunk is encoded as a value of that list: count u32, then the values (raw bytes, fixed-size
/// encodings, or u32 length + bytes each). Checks: the chunk size is this process's
/// <c>ChunkedArrayPersistence.ChunkSize&lt;T&gt;()</c>; chunks in the tree are full (checked when decoded); the tail's chunks
/// are full except the last, whose length and the chunk count agree with the array length (checked at open).</para>
/// </summary>
internal static class ArrayRecords<T>
{
    public static long WriteArray(CommitWriter w, PersistentArray<T> array, ISegmentCodec<T> codec)
    {
        var parts = ChunkedArrayPersistence.Chunks(array, out int length);
        int chunkSize = ChunkedArrayPersistence.ChunkSize<T>();
        long chunks = ListRecords<T[]>.WriteCore(w, array, parts, new ChunkCodec(codec, chunkSize, requireFull: true));
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
        var p = ctx.View.Record(offset, RecordTag.ArrayRoot, limit);
        if (p.Length != 16)
        {
            throw new SegmentCorruptException(ctx.Path, offset, "array root is not 16 bytes");
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(p);
        int chunkSize = BinaryPrimitives.ReadInt32LittleEndian(p[4..]);
        long chunks = BinaryPrimitives.ReadInt64LittleEndian(p[8..]);
        if (chunkSize != ChunkedArrayPersistence.ChunkSize<T>())
        {
            throw new SegmentFormatException(ctx.Path, offset, $"the array was written with {chunkSize}-element chunks; {typeof(T).Name} uses {ChunkedArrayPersistence.ChunkSize<T>()} in this process");
        }

        if (length < 0 || chunks >= offset)
        {
            throw new SegmentCorruptException(ctx.Path, offset, "array length is negative or its chunk list is not before it");
        }

        var tree = new ChunkCodec(codec, chunkSize, requireFull: true);
        var tail = new ChunkCodec(codec, chunkSize, requireFull: false);
        var list = ListRecords<T[]>.ReadCore(ctx, chunks, offset, tree, tail);
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

        var array = ChunkedArrayPersistence.Array(list, length);
        ctx.Register(array, chunks, tree.Id);
        return array;
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
