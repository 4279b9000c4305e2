using System;
using System.Runtime.CompilerServices;

namespace CowCollections.Internal.ChunkedArray;

/// <summary>
/// The chunk size of a persistent array of <typeparamref name="T"/>: a power of two chosen from
/// <c>Unsafe.SizeOf&lt;T&gt;()</c> so that a chunk holds about 1 KiB (<see cref="TrieGeometry.ArrayChunkByteBits"/>)
/// and at least 8 elements (<see cref="TrieGeometry.ArrayChunkMinBits"/>): 1024 <c>byte</c>s, 256 <c>int</c>s,
/// 128 references, 16 64-byte structs.
/// <para>
/// The members are expressions over <c>Unsafe.SizeOf&lt;T&gt;()</c>, which the JIT treats as a constant in
/// every instantiation (for shared reference-type code too, where it is the pointer size), so
/// <see cref="Bits"/> and <see cref="Mask"/> fold to immediates in the read path; a <c>static readonly</c>
/// field would need a class-initialization check or a generic-dictionary lookup in shared code.
/// </para>
/// </summary>
internal static class ChunkGeometry<T>
{
    /// <summary>log2 of the elements per chunk.</summary>
    public static int Bits
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            int size = Unsafe.SizeOf<T>();
            int log = size <= 1 ? 0
                : size <= 2 ? 1
                : size <= 4 ? 2
                : size <= 8 ? 3
                : size <= 16 ? 4
                : size <= 32 ? 5
                : size <= 64 ? 6
                : 7;
            return Math.Max(TrieGeometry.ArrayChunkMinBits, TrieGeometry.ArrayChunkByteBits - log);
        }
    }

    /// <summary>Elements per full chunk.</summary>
    public static int Size
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => 1 << Bits;
    }

    /// <summary><c>Size - 1</c>: the index inside a chunk is <c>index &amp; Mask</c>.</summary>
    public static int Mask
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (1 << Bits) - 1;
    }

    /// <summary>
    /// One full chunk of <c>default(T)</c>, shared by every array that has a zeroed full chunk. Never
    /// written: builders write only chunks they allocated themselves.
    /// </summary>
    public static readonly T[] Zero = new T[Size];

    /// <summary>The number of chunks of an array of <paramref name="length"/> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ChunkCount(int length) => (int)(((uint)length + (uint)Mask) >> Bits);

    /// <summary>The length of chunk <paramref name="chunk"/> of an array of <paramref name="length"/> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ChunkLength(int chunk, int length) => Math.Min(Size, length - (chunk << Bits));
}
