using CowCollections.Segments;

namespace CowCollections.Tests.Segments;

public class SegmentListTests
{
    [Fact]
    public void Commit_reopen_and_read_a_list()
    {
        using var dir = new TempDirectory();
        string path = dir.File("a.seg");
        var list = PersistentList.CreateRange(Enumerable.Range(0, 100_000));
        using (var file = SegmentFile.OpenWrite(path))
        {
            var info = file.Commit("numbers", list);
            Assert.Equal(1, info.Number);
        }

        using var reader = SegmentFile.OpenRead(path);
        var opened = reader.Current.GetList<int>("numbers");
        Assert.Equal(100_000, opened.Count);
        Assert.Equal(54_321, opened[54_321]);
        Assert.Equal(list.ToArray(), opened.ToArray());
    }
}
