using CowCollections.Internal;

namespace CowCollections.Tests.List;

public class SequenceEqualTests
{
    private sealed class CountingComparer : IEqualityComparer<int>
    {
        public int Calls;

        public bool Equals(int x, int y)
        {
            Calls++;
            return x == y;
        }

        public int GetHashCode(int obj) => obj;
    }

    [Theory]
    [InlineData(1_000_000, 0)]
    [InlineData(1_000_000, 500_000)]
    [InlineData(1_000_000, 999_999)]
    [InlineData(40_000, 123)]
    public void Comparing_with_a_one_edit_version_skips_shared_subtrees(int size, int edited)
    {
        var list = PersistentList.CreateRange(Enumerable.Range(0, size));
        var same = list.SetItem(edited, edited);
        var different = list.SetItem(edited, -1);
        var comparer = new CountingComparer();

        Assert.True(list.SequenceEqual(same, comparer));
        Assert.False(list.SequenceEqual(different, comparer));
        Assert.True(comparer.Calls <= 2 * DefaultGeometry.LeafWidth, $"{comparer.Calls} element comparisons for a one-element edit of {size}");
    }

    [Fact]
    public void Independently_built_equal_lists_compare_every_element()
    {
        var a = PersistentList.CreateRange(Enumerable.Range(0, 5000));
        var b = PersistentList.CreateRange(Enumerable.Range(0, 5000));
        var comparer = new CountingComparer();

        Assert.True(a.SequenceEqual(b, comparer));
        Assert.Equal(5000, comparer.Calls);
        Assert.False(a.SequenceEqual(b.Add(1)));
        Assert.False(a.SequenceEqual(b.SetItem(4999, 0)));
    }
}
