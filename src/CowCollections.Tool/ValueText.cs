using System.Buffers.Binary;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CowCollections.Segments;

namespace CowCollections.Tool;

/// <summary>
/// Stored values as text and JSON, by the id of the codec that wrote them: every built-in codec is decoded with
/// that codec (numbers, strings escaped and quoted, dates in round-trip form, GUIDs); enums as their underlying
/// integer; other codecs (unmanaged structs, custom codecs) as hex.
/// </summary>
internal static class ValueText
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Text(ReadOnlySpan<byte> bytes, string codecId) => codecId switch
    {
        "bool" => SegmentCodecs.Boolean.Decode(bytes) ? "true" : "false",
        "u8" => Invariant(SegmentCodecs.Byte.Decode(bytes)),
        "i8" => Invariant(SegmentCodecs.SByte.Decode(bytes)),
        "i16" => Invariant(SegmentCodecs.Int16.Decode(bytes)),
        "u16" => Invariant(SegmentCodecs.UInt16.Decode(bytes)),
        "i32" => Invariant(SegmentCodecs.Int32.Decode(bytes)),
        "u32" => Invariant(SegmentCodecs.UInt32.Decode(bytes)),
        "i64" => Invariant(SegmentCodecs.Int64.Decode(bytes)),
        "u64" => Invariant(SegmentCodecs.UInt64.Decode(bytes)),
        "i128" => Invariant(SegmentCodecs.Int128.Decode(bytes)),
        "u128" => Invariant(SegmentCodecs.UInt128.Decode(bytes)),
        "f16" => SegmentCodecs.Half.Decode(bytes).ToString("R", CultureInfo.InvariantCulture),
        "f32" => SegmentCodecs.Single.Decode(bytes).ToString("R", CultureInfo.InvariantCulture),
        "f64" => SegmentCodecs.Double.Decode(bytes).ToString("R", CultureInfo.InvariantCulture),
        "decimal" => Invariant(SegmentCodecs.Decimal.Decode(bytes)),
        "char" => Quote(SegmentCodecs.Char.Decode(bytes).ToString()),
        "utf8" => SegmentCodecs.String.Decode(bytes) is { } s ? Quote(s) : "null",
        "bytes" => SegmentCodecs.Bytes.Decode(bytes) is { } b ? "0x" + Convert.ToHexString(b) : "null",
        "guid" => SegmentCodecs.Guid.Decode(bytes).ToString("D"),
        "datetime" => SegmentCodecs.DateTime.Decode(bytes).ToString("O", CultureInfo.InvariantCulture),
        "datetimeoffset" => SegmentCodecs.DateTimeOffset.Decode(bytes).ToString("O", CultureInfo.InvariantCulture),
        _ when codecId.StartsWith("enum:", StringComparison.Ordinal) => Invariant(EnumValue(bytes)),
        _ => "0x" + Convert.ToHexString(bytes),
    };

    public static void Json(Utf8JsonWriter w, ReadOnlySpan<byte> bytes, string codecId)
    {
        switch (codecId)
        {
            case "bool":
                w.WriteBooleanValue(SegmentCodecs.Boolean.Decode(bytes));
                break;
            case "u8":
                w.WriteNumberValue(SegmentCodecs.Byte.Decode(bytes));
                break;
            case "i8":
                w.WriteNumberValue(SegmentCodecs.SByte.Decode(bytes));
                break;
            case "i16":
                w.WriteNumberValue(SegmentCodecs.Int16.Decode(bytes));
                break;
            case "u16":
                w.WriteNumberValue(SegmentCodecs.UInt16.Decode(bytes));
                break;
            case "i32":
                w.WriteNumberValue(SegmentCodecs.Int32.Decode(bytes));
                break;
            case "u32":
                w.WriteNumberValue(SegmentCodecs.UInt32.Decode(bytes));
                break;
            case "i64":
                w.WriteNumberValue(SegmentCodecs.Int64.Decode(bytes));
                break;
            case "u64":
                w.WriteNumberValue(SegmentCodecs.UInt64.Decode(bytes));
                break;
            case "decimal":
                w.WriteNumberValue(SegmentCodecs.Decimal.Decode(bytes));
                break;
            case "f16" or "f32":
                // JSON has no NaN or infinities: those are written as strings.
                float f = codecId == "f16" ? (float)SegmentCodecs.Half.Decode(bytes) : SegmentCodecs.Single.Decode(bytes);
                if (float.IsFinite(f))
                {
                    w.WriteNumberValue(f);
                }
                else
                {
                    w.WriteStringValue(Text(bytes, codecId));
                }

                break;
            case "f64":
                double d = SegmentCodecs.Double.Decode(bytes);
                if (double.IsFinite(d))
                {
                    w.WriteNumberValue(d);
                }
                else
                {
                    w.WriteStringValue(Text(bytes, codecId));
                }

                break;
            case "i128" or "u128":
                // Beyond what most JSON readers hold exactly as a number.
                w.WriteStringValue(Text(bytes, codecId));
                break;
            case "char":
                w.WriteStringValue(SegmentCodecs.Char.Decode(bytes).ToString());
                break;
            case "utf8":
                if (SegmentCodecs.String.Decode(bytes) is { } s)
                {
                    w.WriteStringValue(s);
                }
                else
                {
                    w.WriteNullValue();
                }

                break;
            case "bytes":
                if (SegmentCodecs.Bytes.Decode(bytes) is { } b)
                {
                    w.WriteBase64StringValue(b);
                }
                else
                {
                    w.WriteNullValue();
                }

                break;
            case "guid" or "datetime" or "datetimeoffset":
                w.WriteStringValue(Text(bytes, codecId));
                break;
            default:
                if (codecId.StartsWith("enum:", StringComparison.Ordinal))
                {
                    w.WriteNumberValue(EnumValue(bytes));
                }
                else
                {
                    w.WriteStringValue(Convert.ToHexString(bytes));
                }

                break;
        }
    }

    private static string Invariant<T>(T value)
        where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

    /// <summary>A JSON string literal: quoted, with control characters, quotes and backslashes escaped.</summary>
    private static string Quote(string s) => JsonSerializer.Serialize(s, Relaxed);

    /// <summary>An enum's stored bytes (its underlying integer, little-endian) as a signed integer.</summary>
    private static long EnumValue(ReadOnlySpan<byte> bytes) => bytes.Length switch
    {
        1 => (sbyte)bytes[0],
        2 => BinaryPrimitives.ReadInt16LittleEndian(bytes),
        4 => BinaryPrimitives.ReadInt32LittleEndian(bytes),
        8 => BinaryPrimitives.ReadInt64LittleEndian(bytes),
        _ => throw new NotSupportedException($"an enum value of {bytes.Length} bytes"),
    };
}
