using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using CowCollections.Segments;
using FsCheck;
using FsCheck.Xunit;

namespace CowCollections.Tests.Segments;

public class SegmentCodecTests
{
    [StructLayout(LayoutKind.Sequential)]
    public struct Point3
    {
        public int X;
        public long Y;
        public double Z;
    }

    public sealed record Person(string Name, int Age);

    /// <summary>A user codec: name (length-prefixed UTF-8) then age.</summary>
    private sealed class PersonCodec : ISegmentCodec<Person>
    {
        public string Id => "tests.person/v1";

        public int FixedSize => 0;

        public void Encode(Person value, IBufferWriter<byte> destination)
        {
            var name = Encoding.UTF8.GetBytes(value.Name);
            var span = destination.GetSpan(8 + name.Length);
            BitConverter.TryWriteBytes(span, name.Length);
            name.CopyTo(span[4..]);
            BitConverter.TryWriteBytes(span[(4 + name.Length)..], value.Age);
            destination.Advance(8 + name.Length);
        }

        public Person Decode(ReadOnlySpan<byte> source)
        {
            int n = BitConverter.ToInt32(source);
            return new Person(Encoding.UTF8.GetString(source.Slice(4, n)), BitConverter.ToInt32(source[(4 + n)..]));
        }
    }

    private static T[] RoundTrip<T>(T[] values, ISegmentCodec<T>? codec = null)
    {
        using var dir = new TempDirectory();
        string path = dir.File("codec.seg");
        codec ??= SegmentCodecs.For<T>();
        var list = PersistentList.CreateRange(values);
        using (var file = SegmentFile.OpenWrite(path))
        {
            file.Commit("v", list, codec);
        }

        using var reader = SegmentFile.OpenRead(path);
        return reader.Current.GetList("v", codec).ToArray();
    }

    [Property(MaxTest = 25)]
    public bool Int32_round_trips(int[] values) => RoundTrip(values).SequenceEqual(values);

    [Property(MaxTest = 25)]
    public bool Int64_round_trips(long[] values) => RoundTrip(values).SequenceEqual(values);

    [Property(MaxTest = 25)]
    public bool Double_round_trips(double[] values) => RoundTrip(values).Select(BitConverter.DoubleToInt64Bits).SequenceEqual(values.Select(BitConverter.DoubleToInt64Bits));

    [Property(MaxTest = 25)]
    public bool Bool_byte_char_short_round_trip(bool[] a, byte[] b, char[] c, short[] d, ushort[] e, uint[] f, ulong[] g, sbyte[] h, float[] i) =>
        RoundTrip(a).SequenceEqual(a) && RoundTrip(b).SequenceEqual(b) && RoundTrip(c).SequenceEqual(c) &&
        RoundTrip(d).SequenceEqual(d) && RoundTrip(e).SequenceEqual(e) && RoundTrip(f).SequenceEqual(f) &&
        RoundTrip(g).SequenceEqual(g) && RoundTrip(h).SequenceEqual(h) &&
        RoundTrip(i).Select(BitConverter.SingleToInt32Bits).SequenceEqual(i.Select(BitConverter.SingleToInt32Bits));

    [Property(MaxTest = 25)]
    public bool Strings_round_trip(string[] values)
    {
        // Lone surrogates are not text: the UTF-8 codec refuses them (tested below), so keep valid strings.
        var valid = values.Where(s => s is null || !s.Any(char.IsSurrogate)).ToArray();
        return RoundTrip(valid).SequenceEqual(valid);
    }

    [Fact]
    public void A_string_with_a_lone_surrogate_is_refused_at_commit()
    {
        using var dir = new TempDirectory();
        using var file = SegmentFile.OpenWrite(dir.File("s.seg"));
        Assert.ThrowsAny<ArgumentException>(() => file.Commit("s", PersistentList.Create("ok", "\ud800")));
        file.Commit("s", PersistentList.Create("ok"));
        Assert.Equal(["ok"], file.Current.GetList<string>("s").ToArray());
    }

    [Property(MaxTest = 25)]
    public bool Byte_arrays_round_trip(byte[][] values) =>
        RoundTrip(values).Zip(values).All(p => p.First is null ? p.Second is null : p.First.SequenceEqual(p.Second)) && RoundTrip(values).Length == values.Length;

    [Property(MaxTest = 25)]
    public bool Guid_DateTime_DateTimeOffset_decimal_round_trip(Guid[] a, DateTime[] b, DateTimeOffset[] c, decimal[] d) =>
        RoundTrip(a).SequenceEqual(a) &&
        RoundTrip(b).Zip(b).All(p => p.First == p.Second && p.First.Kind == p.Second.Kind) &&
        RoundTrip(c).Zip(c).All(p => p.First == p.Second && p.First.Offset == p.Second.Offset) &&
        RoundTrip(d).Zip(d).All(p => p.First == p.Second && decimal.GetBits(p.First).SequenceEqual(decimal.GetBits(p.Second)));

    [Property(MaxTest = 25)]
    public bool Unmanaged_structs_round_trip(int[] xs)
    {
        var points = xs.Select(x => new Point3 { X = x, Y = (long)x * 3, Z = x / 7.0 }).ToArray();
        return RoundTrip(points).SequenceEqual(points) && RoundTrip(points, SegmentCodecs.Unmanaged<Point3>()).SequenceEqual(points);
    }

    [Property(MaxTest = 25)]
    public bool A_user_codec_round_trips(NonNull<string>[] names, int[] ages)
    {
        var people = names.Zip(ages, (n, a) => new Person(n.Get.Replace('\ud800', 'x').Replace('\udc00', 'x'), a))
            .Where(p => !p.Name.Any(char.IsSurrogate)).ToArray();
        return RoundTrip(people, new PersonCodec()).SequenceEqual(people);
    }

    [Fact]
    public void Every_built_in_type_has_a_codec_with_a_distinct_id()
    {
        string[] ids =
        [
            SegmentCodecs.For<bool>().Id, SegmentCodecs.For<byte>().Id, SegmentCodecs.For<sbyte>().Id, SegmentCodecs.For<short>().Id,
            SegmentCodecs.For<ushort>().Id, SegmentCodecs.For<int>().Id, SegmentCodecs.For<uint>().Id, SegmentCodecs.For<long>().Id,
            SegmentCodecs.For<ulong>().Id, SegmentCodecs.For<float>().Id, SegmentCodecs.For<double>().Id, SegmentCodecs.For<Half>().Id,
            SegmentCodecs.For<char>().Id, SegmentCodecs.For<Int128>().Id, SegmentCodecs.For<UInt128>().Id, SegmentCodecs.For<string>().Id,
            SegmentCodecs.For<byte[]>().Id, SegmentCodecs.For<Guid>().Id, SegmentCodecs.For<DateTime>().Id,
            SegmentCodecs.For<DateTimeOffset>().Id, SegmentCodecs.For<decimal>().Id, SegmentCodecs.For<Point3>().Id,
            SegmentCodecs.For<DayOfWeek>().Id,
        ];
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Throws<NotSupportedException>(() => SegmentCodecs.For<Person>());
        Assert.Equal([DayOfWeek.Friday, DayOfWeek.Monday], RoundTrip([DayOfWeek.Friday, DayOfWeek.Monday]));
    }
}
