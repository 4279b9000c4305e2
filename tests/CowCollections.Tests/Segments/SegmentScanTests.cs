using CowCollections.Segments;

namespace CowCollections.Tests.Segments;

/// <summary><see cref="SegmentSnapshot.ScanList{T}(string)"/>: the uncached read of a whole list, against <c>GetList</c> and the list committed.</summary>
public class SegmentScanTests
{
    public static TheoryData<string> Shapes() => ["empty", "tail only", "one leaf and a tail", "balanced 200K", "relaxed by concatenation and inserts", "strings"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_scan_yields_exactly_the_committed_list_in_order(string shape)
    {
        using var dir = new TempDirectory();
        string path = dir.File("scan.seg");
        var random = new Random(shape.Length);
        using var file = SegmentFile.OpenWrite(path);
        if (shape == "strings")
        {
            var strings = PersistentList.CreateRange(Enumerable.Range(0, 5000).Select(i => i % 7 == 0 ? null! : "s" + i));
            file.Commit("xs", strings);
            Assert.Equal(strings, file.Current.ScanList<string>("xs"));
            return;
        }

        var list = shape switch
        {
            "empty" => PersistentList<int>.Empty,
            "tail only" => PersistentList.CreateRange(Enumerable.Range(0, 20)),
            "one leaf and a tail" => PersistentList.CreateRange(Enumerable.Range(0, 100)),
            "balanced 200K" => PersistentList.CreateRange(Enumerable.Range(0, 200_000)),
            _ => Relaxed(random),
        };
        file.Commit("xs", list);

        using var reader = SegmentFile.OpenRead(path);
        var scanned = reader.Current.ScanList<int>("xs").ToList();
        Assert.Equal(list, scanned);
        Assert.Equal(reader.Current.GetList<int>("xs"), scanned);

        // Each enumeration reads the records again.
        Assert.Equal(list.Count, reader.Current.ScanList<int>("xs").Count());
    }

    [Fact]
    public void A_missing_root_or_a_root_of_another_kind_is_reported_at_the_call_not_at_the_first_MoveNext()
    {
        using var dir = new TempDirectory();
        using var file = SegmentFile.OpenWrite(dir.File("kinds.seg"));
        file.BeginCommit().SetDictionary("d", PersistentDictionary.Create<int, int>().SetItem(1, 1)).SetList("xs", PersistentList.Create(1)).Commit();

        Assert.Throws<KeyNotFoundException>(() => file.Current.ScanList<int>("missing"));
        Assert.Throws<SegmentRootKindException>(() => file.Current.ScanList<int>("d"));
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => file.Current.ScanList<int>(null!)).ParamName);
        Assert.Equal("codec", Assert.Throws<ArgumentNullException>(() => file.Current.ScanList<int>("xs", null!)).ParamName);
        Assert.Throws<SegmentFormatException>(() => file.Current.ScanList<long>("xs"));
    }

    [Fact]
    public void A_damaged_record_deep_in_the_list_throws_its_typed_error_when_the_scan_reaches_it()
    {
        using var dir = new TempDirectory();
        string path = dir.File("damaged.seg");
        using (var file = SegmentFile.OpenWrite(path))
        {
            file.Commit("xs", PersistentList.CreateRange(Enumerable.Range(0, 100_000)));
            file.Commit("other", PersistentList.Create(1)); // the damage below is then in an older commit, not under the newest one's seal
        }

        // Damage the middle of the first leaf record (the start of the list, read long after the root).
        var leaf = SegmentTestFiles.Records(path).First(r => r.Tag == CowCollections.Segments.Internal.RecordTag.ListLeaf);
        SegmentTestFiles.FlipByte(path, (leaf.Offset + leaf.End) / 2);

        using var reader = SegmentFile.OpenRead(path);
        var scan = reader.Current.ScanList<int>("xs");
        var e = Assert.ThrowsAny<SegmentException>(() => scan.Count());
        Assert.Equal(path, e.FilePath);
        Assert.InRange(e.Offset, 0, new FileInfo(path).Length - 1);
    }

    private static PersistentList<int> Relaxed(Random random)
    {
        var list = PersistentList.CreateRange(Enumerable.Range(0, 3000));
        for (int i = 0; i < 20; i++)
        {
            list = list.AddRange(PersistentList.CreateRange(Enumerable.Range(i * 1000, random.Next(1, 2000))));
            list = list.Insert(random.Next(list.Count), -i);
        }

        return list;
    }
}
