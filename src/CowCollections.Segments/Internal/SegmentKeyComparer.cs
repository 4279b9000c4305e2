using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CowCollections.Segments.Internal;

/// <summary>
/// The key comparer of a dictionary as the segment format stores it: two keys are equal when their
/// encodings are equal, and a key's hash is the low 32 bits of XxHash3-64 (seed 0) of its encoding (header
/// key hash id 1). The hash depends on the bytes only, never on the process, so a CHAMP written by one
/// process is a valid CHAMP for every other.
/// </summary>
/// <remarks>
/// Equality and hash always agree because both come from the encoding. Fast paths give the same answers
/// as encoding: raw codecs use the value's bytes directly, and strings of the built-in UTF-8 codec compare
/// ordinally (equal UTF-16 is equal strict UTF-8); every other hash encodes the key with its codec.
/// </remarks>
/// <typeparam name="TKey">The key type.</typeparam>
internal sealed class SegmentKeyComparer<TKey> : IEqualityComparer<TKey>
{
    private static readonly ConditionalWeakTable<ISegmentCodec<TKey>, SegmentKeyComparer<TKey>> Cache = new();

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_left;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_right;

    private readonly Kind _kind;

    private SegmentKeyComparer(ISegmentCodec<TKey> codec)
    {
        Codec = codec;
        _kind = codec is IRawCodec ? Kind.Raw : codec == (object)SegmentCodecs.String ? Kind.Utf8 : Kind.Encoded;
    }

    private enum Kind
    {
        Raw,
        Utf8,
        Encoded,
    }

    public ISegmentCodec<TKey> Codec { get; }

    /// <summary>The comparer for <paramref name="codec"/> (one instance per codec instance).</summary>
    public static SegmentKeyComparer<TKey> For(ISegmentCodec<TKey> codec) => Cache.GetValue(codec, c => new SegmentKeyComparer<TKey>(c));

    /// <summary>True when <paramref name="comparer"/> hashes and compares keys exactly as <paramref name="codec"/>'s format comparer does.</summary>
    public static bool Matches(IEqualityComparer<TKey>? comparer, ISegmentCodec<TKey> codec) =>
        comparer is SegmentKeyComparer<TKey> s && s.Codec.Id == codec.Id && s.Codec.GetType() == codec.GetType();

    public bool Equals(TKey? x, TKey? y)
    {
        if (x is null || y is null)
        {
            return x is null && y is null;
        }

        switch (_kind)
        {
            case Kind.Raw:
                return RawBytes(ref x).SequenceEqual(RawBytes(ref y));
            case Kind.Utf8:
                return string.Equals((string)(object)x, (string)(object)y, StringComparison.Ordinal);
            default:
                var left = Encode(ref t_left, x);
                var right = Encode(ref t_right, y);
                return left.SequenceEqual(right);
        }
    }

    public int GetHashCode(TKey obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        switch (_kind)
        {
            case Kind.Raw:
                return Hash(RawBytes(ref obj));
            default:
                return Hash(Encode(ref t_left, obj));
        }
    }

    /// <summary>The format's hash of an encoded key.</summary>
    public static int Hash(ReadOnlySpan<byte> encoded) => unchecked((int)(uint)XxHash3.HashToUInt64(encoded));

    private static ReadOnlySpan<byte> RawBytes(ref TKey value) =>
        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<TKey, byte>(ref value), Unsafe.SizeOf<TKey>());

    private ReadOnlySpan<byte> Encode(ref ArrayBufferWriter<byte>? writer, TKey value)
    {
        writer ??= new ArrayBufferWriter<byte>(64);
        writer.ResetWrittenCount();
        Codec.Encode(value, writer);
        return writer.WrittenSpan;
    }
}
