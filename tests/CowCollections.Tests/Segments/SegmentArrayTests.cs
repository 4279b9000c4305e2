using CowCollections.Segments;
using CowCollections.Segments.Internal;

namespace CowCollections.Tests.Segments;

public class SegmentArrayTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(100_000)]
    public void Arrays_round_trip(int length)
    {
        using var dir = new TempDirectory();
        string path = dir.File("array.seg");
        var ints = PersistentArray.CreateRange(Enumerable.Range(0, length));
        var strings = PersistentArray.CreateRange(Enumerable.Range(0, length).Select(i => $"s{i}"));
        using (var file = SegmentFile.OpenWrite(path))
        {
            file.BeginCommit().SetArray("ints", ints).SetArray("strings", strings).Commit();
        }

        using var reader = SegmentFile.OpenRead(path);
        Assert.Equal(ints.ToArray(), reader.Current.GetArray<int>("ints").ToArray());
        Assert.Equal(strings.ToArray(), reader.Current.GetArray<string>("strings").ToArray());
        if (length > 0)
        {
            Assert.Equal(length - 1, reader.Current.GetArray<int>("ints")[length - 1]);
        }

        SegmentTestFiles.Verify(reader);
    }

    [Fact]
    public void A_one_element_change_to_a_million_element_array_appends_one_path()
    {
        using var dir = new TempDirectory();
        string path = dir.File("array-inc.seg");
        using var file = SegmentFile.OpenWrite(path);
        var array = PersistentArray.CreateRange(Enumerable.Range(0, 1_000_000));
        file.Commit("a", array);
        var one = file.Commit("a", array.SetItem(500_000, -1));

        // One chunk record (256 ints, 1 KiB), one chunk table (128 offsets, 1 KiB), the directory's root branch and the
        // roots: the unchanged chunks are found by identity and not written again.
        Assert.InRange(one.BytesAppended, 1, 4_096);

        using var reader = SegmentFile.OpenRead(path);
        var opened = reader.Current.GetArray<int>("a");
        Assert.Equal(-1, opened[500_000]);
        Assert.Equal(499_999, opened[499_999]);

        // Reopened for writing, changed and committed again: still incremental.
        file.Dispose();
        using var writer = SegmentFile.OpenWrite(path);
        var again = writer.Current.GetArray<int>("a").SetItem(3, 33);
        Assert.InRange(writer.Commit("a", again).BytesAppended, 1, 4_096);
        using var last = SegmentFile.OpenRead(path);
        Assert.Equal(33, last.Current.GetArray<int>("a")[3]);
        Assert.Equal(-1, last.Current.GetArray<int>("a")[500_000]);
    }

    [Fact]
    public void Damaged_array_bytes_are_typed_errors()
    {
        using var dir = new TempDirectory();
        string path = dir.File("array-bad.seg");
        using (var file = SegmentFile.OpenWrite(path))
        {
            file.Commit("a", PersistentArray.CreateRange(Enumerable.Range(0, 20_000)));

            // A later commit, so that the damaged record belongs to an older one: damage to the newest commit's own
            // bytes breaks its seal, and the file would open at the commit before instead.
            file.Commit("b", PersistentList.Create(1));
        }

        var records = SegmentTestFiles.Records(path);
        var leaf = records.First(r => r.Tag == RecordTag.ListLeaf);
        SegmentTestFiles.FlipByte(path, leaf.Offset + 30);
        using var reader = SegmentFile.OpenRead(path);
        Assert.ThrowsAny<SegmentException>(() => reader.Current.GetArray<int>("a").ToArray());
        Assert.Throws<SegmentFormatException>(() => reader.Current.GetArray<long>("a"));
    }
}
