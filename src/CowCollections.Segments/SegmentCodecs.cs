using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text;
using CowCollections.Segments.Internal;

namespace CowCollections.Segments;

// The codecs are named after the CLR types they encode (as System.Convert and BinaryPrimitives name theirs).
#pragma warning disable CA1720

/// <summary>
/// The built-in codecs: every primitive type, <see cref="string"/> (UTF-8), <c>byte[]</c>,
/// <see cref="Guid"/>, <see cref="DateTime"/>, <see cref="DateTimeOffset"/>, <see cref="decimal"/>, and any
/// unmanaged struct (its bytes as laid out in memory, little-endian). <see cref="For{T}"/> picks one by type.
/// </summary>
/// <remarks>
/// Numbers and unmanaged structs are stored as their raw little-endian bytes, so a leaf of them is
/// decoded with one block copy from the map, not value by value.
/// </remarks>
public static class SegmentCodecs
{
    /// <summary><see cref="bool"/> as one byte (0 or 1; anything else is refused on read).</summary>
    public static ISegmentCodec<bool> Boolean { get; } = new BooleanCodec();

    /// <summary><see cref="byte"/>.</summary>
    public static ISegmentCodec<byte> Byte { get; } = new RawCodec<byte>("u8");

    /// <summary><see cref="sbyte"/>.</summary>
    public static ISegmentCodec<sbyte> SByte { get; } = new RawCodec<sbyte>("i8");

    /// <summary><see cref="short"/>, little-endian.</summary>
    public static ISegmentCodec<short> Int16 { get; } = new RawCodec<short>("i16");

    /// <summary><see cref="ushort"/>, little-endian.</summary>
    public static ISegmentCodec<ushort> UInt16 { get; } = new RawCodec<ushort>("u16");

    /// <summary><see cref="int"/>, little-endian.</summary>
    public static ISegmentCodec<int> Int32 { get; } = new RawCodec<int>("i32");

    /// <summary><see cref="uint"/>, little-endian.</summary>
    public static ISegmentCodec<uint> UInt32 { get; } = new RawCodec<uint>("u32");

    /// <summary><see cref="long"/>, little-endian.</summary>
    public static ISegmentCodec<long> Int64 { get; } = new RawCodec<long>("i64");

    /// <summary><see cref="ulong"/>, little-endian.</summary>
    public static ISegmentCodec<ulong> UInt64 { get; } = new RawCodec<ulong>("u64");

    /// <summary><see cref="float"/>, IEEE 754 little-endian.</summary>
    public static ISegmentCodec<float> Single { get; } = new RawCodec<float>("f32");

    /// <summary><see cref="double"/>, IEEE 754 little-endian.</summary>
    public static ISegmentCodec<double> Double { get; } = new RawCodec<double>("f64");

    /// <summary><see cref="Half"/>, IEEE 754 little-endian.</summary>
    public static ISegmentCodec<Half> Half { get; } = new RawCodec<Half>("f16");

    /// <summary><see cref="char"/>, a UTF-16 code unit, little-endian.</summary>
    public static ISegmentCodec<char> Char { get; } = new RawCodec<char>("char");

    /// <summary><see cref="Int128"/>, little-endian.</summary>
    public static ISegmentCodec<Int128> Int128 { get; } = new RawCodec<Int128>("i128");

    /// <summary><see cref="UInt128"/>, little-endian.</summary>
    public static ISegmentCodec<UInt128> UInt128 { get; } = new RawCodec<UInt128>("u128");

    /// <summary><see cref="string"/> as UTF-8 (null is stored as a distinct marker and read back as null).</summary>
    public static ISegmentCodec<string> String { get; } = new StringCodec();

    /// <summary><c>byte[]</c> as its bytes (null is stored as a distinct marker and read back as null).</summary>
    public static ISegmentCodec<byte[]> Bytes { get; } = new BytesCodec();

    /// <summary><see cref="System.Guid"/> as its 16 bytes in the little-endian layout of <see cref="System.Guid.TryWriteBytes(Span{byte})"/>.</summary>
    public static ISegmentCodec<Guid> Guid { get; } = new GuidCodec();

    /// <summary><see cref="System.DateTime"/> as 8 bytes: ticks (62 bits) and <see cref="DateTimeKind"/> (2 bits).</summary>
    public static ISegmentCodec<DateTime> DateTime { get; } = new DateTimeCodec();

    /// <summary><see cref="System.DateTimeOffset"/> as 10 bytes: local ticks (i64) and the offset in minutes (i16).</summary>
    public static ISegmentCodec<DateTimeOffset> DateTimeOffset { get; } = new DateTimeOffsetCodec();

    /// <summary><see cref="decimal"/> as the four <see cref="int"/>s of <see cref="decimal.GetBits(decimal)"/> (validated on read).</summary>
    public static ISegmentCodec<decimal> Decimal { get; } = new DecimalCodec();

    /// <summary>
    /// Any unmanaged struct as its raw bytes (little-endian, its memory layout). The id records the type
    /// name and size, so a file written with another layout is refused. Values are read back with one
    /// block copy per leaf.
    /// </summary>
    /// <typeparam name="T">An unmanaged struct with a stable layout (for example <c>[StructLayout(LayoutKind.Sequential)]</c>).</typeparam>
    /// <returns>The codec.</returns>
    public static ISegmentCodec<T> Unmanaged<T>()
        where T : unmanaged => new RawCodec<T>($"raw:{typeof(T).FullName}:{Unsafe.SizeOf<T>()}");

    /// <summary>
    /// The built-in codec for <typeparamref name="T"/>: a primitive, <see cref="string"/>, <c>byte[]</c>,
    /// <see cref="System.Guid"/>, <see cref="System.DateTime"/>, <see cref="System.DateTimeOffset"/>,
    /// <see cref="decimal"/>, or any struct without references (as <see cref="Unmanaged{T}"/>).
    /// </summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <returns>The codec.</returns>
    /// <exception cref="NotSupportedException">No built-in codec fits <typeparamref name="T"/>: implement <see cref="ISegmentCodec{T}"/>.</exception>
    public static ISegmentCodec<T> For<T>() => Cache<T>.Value ?? throw new NotSupportedException(
        $"No built-in segment codec for {typeof(T)}; pass an ISegmentCodec<{typeof(T).Name}>.");

    /// <summary>
    /// The key comparer the segment format uses for dictionaries whose keys <paramref name="codec"/> encodes:
    /// keys are equal when their encodings are equal, and a key's hash is XxHash3 of its encoding, the same in
    /// every process. Dictionaries opened from a segment have it; create a dictionary with it
    /// (<c>PersistentDictionary.Create&lt;TKey, TValue&gt;(SegmentCodecs.KeyComparer(codec))</c>) so that even
    /// its first commit needs no conversion.
    /// </summary>
    /// <typeparam name="T">The key type.</typeparam>
    /// <param name="codec">The key codec.</param>
    /// <returns>The comparer (one instance per codec instance).</returns>
    public static IEqualityComparer<T> KeyComparer<T>(ISegmentCodec<T> codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        return SegmentKeyComparer<T>.For(codec);
    }

    /// <summary>The format's key comparer for the built-in codec of <typeparamref name="T"/>. See <see cref="KeyComparer{T}(ISegmentCodec{T})"/>.</summary>
    /// <typeparam name="T">The key type.</typeparam>
    /// <returns>The comparer.</returns>
    public static IEqualityComparer<T> KeyComparer<T>() => KeyComparer(For<T>());

    private static class Cache<T>
    {
        public static readonly ISegmentCodec<T>? Value = Resolve();

        private static ISegmentCodec<T>? Resolve()
        {
            object? codec = typeof(T).IsEnum ? null : Type.GetTypeCode(typeof(T)) switch
            {
                TypeCode.Boolean => Boolean,
                TypeCode.Byte => Byte,
                TypeCode.SByte => SByte,
                TypeCode.Int16 => Int16,
                TypeCode.UInt16 => UInt16,
                TypeCode.Int32 => Int32,
                TypeCode.UInt32 => UInt32,
                TypeCode.Int64 => Int64,
                TypeCode.UInt64 => UInt64,
                TypeCode.Single => Single,
                TypeCode.Double => Double,
                TypeCode.Char => Char,
                TypeCode.String => String,
                TypeCode.DateTime => DateTime,
                TypeCode.Decimal => Decimal,
                _ => null,
            };
            if (codec is null)
            {
                if (typeof(T) == typeof(byte[]))
                {
                    codec = Bytes;
                }
                else if (typeof(T) == typeof(Guid))
                {
                    codec = Guid;
                }
                else if (typeof(T) == typeof(DateTimeOffset))
                {
                    codec = DateTimeOffset;
                }
                else if (typeof(T) == typeof(Half))
                {
                    codec = Half;
                }
                else if (typeof(T) == typeof(Int128))
                {
                    codec = Int128;
                }
                else if (typeof(T) == typeof(UInt128))
                {
                    codec = UInt128;
                }
                else if (typeof(T).IsEnum)
                {
                    codec = new RawCodec<T>($"enum:{typeof(T).FullName}:{Unsafe.SizeOf<T>()}");
                }
                else if (typeof(T).IsValueType && !RuntimeHelpers.IsReferenceOrContainsReferences<T>())
                {
                    codec = new RawCodec<T>($"raw:{typeof(T).FullName}:{Unsafe.SizeOf<T>()}");
                }
            }

            return (ISegmentCodec<T>?)codec;
        }
    }

    private sealed class BooleanCodec : IFixedCodec<bool>
    {
        public string Id => "bool";

        public int FixedSize => 1;

        public void Encode(bool value, IBufferWriter<byte> destination) => Write(value, destination.GetSpan(1), destination);

        public bool Decode(ReadOnlySpan<byte> source) => source.Length == 1 && source[0] <= 1
            ? source[0] == 1
            : throw new FormatException("a bool must be one byte, 0 or 1");

        private static void Write(bool value, Span<byte> span, IBufferWriter<byte> destination)
        {
            span[0] = value ? (byte)1 : (byte)0;
            destination.Advance(1);
        }
    }

    private sealed class StringCodec : ISegmentCodec<string>
    {
        public string Id => "utf8";

        public int FixedSize => 0;

        public void Encode(string value, IBufferWriter<byte> destination)
        {
            // Framed by the format; a null string is the single byte 0xFF, which no UTF-8 text starts with.
            if (value is null)
            {
                destination.GetSpan(1)[0] = 0xFF;
                destination.Advance(1);
                return;
            }

            // Strict: a lone surrogate is not text and would not round-trip, so it is refused.
            int written = Strict.GetBytes(value, destination.GetSpan(Strict.GetMaxByteCount(value.Length)));
            destination.Advance(written);
        }

        public string Decode(ReadOnlySpan<byte> source) =>
            source.Length == 1 && source[0] == 0xFF ? null! : Strict.GetString(source);

        private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    }

    private sealed class BytesCodec : ISegmentCodec<byte[]>
    {
        public string Id => "bytes";

        public int FixedSize => 0;

        public void Encode(byte[] value, IBufferWriter<byte> destination)
        {
            // First byte 0 = null, 1 = the bytes follow.
            var span = destination.GetSpan(1 + (value?.Length ?? 0));
            if (value is null)
            {
                span[0] = 0;
                destination.Advance(1);
                return;
            }

            span[0] = 1;
            value.CopyTo(span[1..]);
            destination.Advance(1 + value.Length);
        }

        public byte[] Decode(ReadOnlySpan<byte> source) => source.IsEmpty || source[0] > 1
            ? throw new FormatException("a byte[] encoding starts with 0 (null) or 1")
            : source[0] == 0 ? (source.Length == 1 ? null! : throw new FormatException("a null byte[] has no bytes")) : source[1..].ToArray();
    }

    private sealed class GuidCodec : IFixedCodec<Guid>
    {
        public string Id => "guid";

        public int FixedSize => 16;

        public void Encode(Guid value, IBufferWriter<byte> destination)
        {
            if (!value.TryWriteBytes(destination.GetSpan(16)))
            {
                throw new InvalidOperationException("Guid.TryWriteBytes failed on a 16-byte span");
            }

            destination.Advance(16);
        }

        public Guid Decode(ReadOnlySpan<byte> source) => source.Length == 16 ? new Guid(source) : throw new FormatException("a Guid is 16 bytes");
    }

    private sealed class DateTimeCodec : IFixedCodec<DateTime>
    {
        public string Id => "datetime";

        public int FixedSize => 8;

        public void Encode(DateTime value, IBufferWriter<byte> destination)
        {
            ulong data = (ulong)value.Ticks | ((ulong)value.Kind << 62);
            BinaryPrimitives.WriteUInt64LittleEndian(destination.GetSpan(8), data);
            destination.Advance(8);
        }

        public DateTime Decode(ReadOnlySpan<byte> source)
        {
            ulong data = BinaryPrimitives.ReadUInt64LittleEndian(source.Length == 8 ? source : throw new FormatException("a DateTime is 8 bytes"));
            var kind = (DateTimeKind)(data >> 62);
            return kind > DateTimeKind.Local ? throw new FormatException("invalid DateTimeKind") : new DateTime((long)(data & 0x3FFF_FFFF_FFFF_FFFF), kind);
        }
    }

    private sealed class DateTimeOffsetCodec : IFixedCodec<DateTimeOffset>
    {
        public string Id => "datetimeoffset";

        public int FixedSize => 10;

        public void Encode(DateTimeOffset value, IBufferWriter<byte> destination)
        {
            var span = destination.GetSpan(10);
            BinaryPrimitives.WriteInt64LittleEndian(span, value.Ticks);
            BinaryPrimitives.WriteInt16LittleEndian(span[8..], (short)value.TotalOffsetMinutes);
            destination.Advance(10);
        }

        public DateTimeOffset Decode(ReadOnlySpan<byte> source)
        {
            if (source.Length != 10)
            {
                throw new FormatException("a DateTimeOffset is 10 bytes");
            }

            return new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(source), TimeSpan.FromMinutes(BinaryPrimitives.ReadInt16LittleEndian(source[8..])));
        }
    }

    private sealed class DecimalCodec : IFixedCodec<decimal>
    {
        public string Id => "decimal";

        public int FixedSize => 16;

        public void Encode(decimal value, IBufferWriter<byte> destination)
        {
            Span<int> bits = stackalloc int[4];
            decimal.GetBits(value, bits);
            var span = destination.GetSpan(16);
            for (int i = 0; i < 4; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(span[(i * 4)..], bits[i]);
            }

            destination.Advance(16);
        }

        public decimal Decode(ReadOnlySpan<byte> source)
        {
            if (source.Length != 16)
            {
                throw new FormatException("a decimal is 16 bytes");
            }

            Span<int> bits = stackalloc int[4];
            for (int i = 0; i < 4; i++)
            {
                bits[i] = BinaryPrimitives.ReadInt32LittleEndian(source[(i * 4)..]);
            }

            return new decimal(bits);
        }
    }
}

/// <summary>Marker for codecs whose every value has <see cref="ISegmentCodec{T}.FixedSize"/> bytes.</summary>
internal interface IFixedCodec<T> : ISegmentCodec<T>
{
}

/// <summary>A codec that stores a value's raw little-endian bytes: leaves are block-copied both ways.</summary>
internal interface IRawCodec
{
}

/// <summary>Raw bytes of an unmanaged value (the process must be little-endian, checked on use).</summary>
/// <remarks>
/// Not constrained to <c>unmanaged</c>, so that <see cref="SegmentCodecs.For{T}"/> can create one for an enum or a
/// reference-free struct without reflection (trimming and AOT safe); the constructor refuses a type with references.
/// </remarks>
internal sealed class RawCodec<T> : IFixedCodec<T>, IRawCodec
{
    public RawCodec(string id)
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            throw new NotSupportedException($"{typeof(T)} contains references; it has no raw encoding.");
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Segment files store raw little-endian values; this process is big-endian.");
        }

        Id = id;
    }

    public string Id { get; }

    public int FixedSize => Unsafe.SizeOf<T>();

    public void Encode(T value, IBufferWriter<byte> destination)
    {
        Unsafe.WriteUnaligned(ref destination.GetSpan(FixedSize)[0], value);
        destination.Advance(FixedSize);
    }

    public T Decode(ReadOnlySpan<byte> source) => source.Length == FixedSize
        ? Unsafe.ReadUnaligned<T>(in source[0])
        : throw new FormatException($"a {typeof(T).Name} is {FixedSize} bytes");
}
