using System;
using System.Buffers;

namespace CowCollections.Segments;

/// <summary>
/// Turns values of <typeparamref name="T"/> into bytes in a segment file and back. The built-in codecs
/// are in <see cref="SegmentCodecs"/>; implement this interface for any other type.
/// </summary>
/// <remarks>
/// <para>The format frames every value: <see cref="Decode"/> receives exactly the bytes
/// <see cref="Encode"/> wrote for one value. A codec must be deterministic (equal values encode to equal
/// bytes: dictionary keys are hashed by their encoded bytes) and must not depend on the process (no
/// <see cref="object.GetHashCode"/>, no pointers).</para>
/// <para><see cref="Decode"/> may throw on bytes it cannot accept; the segment layer reports that as a
/// <see cref="SegmentCorruptException"/> with the file and offset.</para>
/// </remarks>
/// <typeparam name="T">The value type.</typeparam>
public interface ISegmentCodec<T>
{
    /// <summary>
    /// A stable name stored in the file with every collection (for example <c>"i32"</c> or
    /// <c>"myapp.point/v1"</c>); opening a collection with a codec of another id is refused.
    /// </summary>
    string Id { get; }

    /// <summary>Bytes per value when every value encodes to exactly that many bytes; 0 when the size varies.</summary>
    int FixedSize { get; }

    /// <summary>Appends the encoding of <paramref name="value"/> to <paramref name="destination"/>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="destination">Where the bytes go.</param>
    void Encode(T value, IBufferWriter<byte> destination);

    /// <summary>Decodes one value from exactly the bytes <see cref="Encode"/> wrote.</summary>
    /// <param name="source">The encoded bytes of one value.</param>
    /// <returns>The value.</returns>
    T Decode(ReadOnlySpan<byte> source);
}
