using CowCollections.Internal;
using CowCollections.Internal.VectorTrie;

namespace CowCollections.Tests.List;

/// <summary>
/// The inlined read path (<see cref="RrbTree{T, G}.ItemRef"/>: radix descent of balanced subtrees, relaxed
/// search elsewhere) against the general leaf search and the leaf walk, on balanced and relaxed trees in every
/// geometry. The chunk directory of an array is such a tree (of chunks), read by the same path.
/// </summary>
public class ReadPathTests
{
    [Theory]
    [InlineData(1_100, 37)]
    [InlineData(40, 3_000)]
    [InlineData(5_000, 5_000)]
    [InlineData(33, 33)]
    public void Inlined_read_path_agrees_with_the_leaf_search_on_relaxed_concatenated_trees(int left, int right)
    {
        bool relaxed = Check<DefaultGeometry>(left, right);
        relaxed |= Check<TinyGeometry>(left, right);
        relaxed |= Check<TinyWideLeafGeometry>(left, right);
        Assert.True(relaxed, "the concatenation should leave a relaxed node in at least one geometry");
    }

    [Fact]
    public void A_list_built_by_appends_is_balanced_throughout_so_reads_never_test_a_size_table()
    {
        var core = ListCore<int, TinyGeometry>.Empty;
        for (int i = 0; i < 5_000; i++)
        {
            core.Add(i);
        }

        Assert.False(HasSizeTable(core.Root!, core.Shift, TinyGeometry.LeafBits, TinyGeometry.Bits));
        var built = ListCore<int, TinyGeometry>.From(Enumerable.Range(0, 5_000).ToArray());
        Assert.False(HasSizeTable(built.Root!, built.Shift, TinyGeometry.LeafBits, TinyGeometry.Bits));
        built.SetItem(1234, -1);
        Assert.False(HasSizeTable(built.Root!, built.Shift, TinyGeometry.LeafBits, TinyGeometry.Bits));
    }

    private static bool Check<G>(int left, int right)
        where G : struct, ITrieGeometry
    {
        var items = Enumerable.Range(0, left + right).ToArray();
        var core = ListCore<int, G>.From(items.AsSpan(0, left));
        core.Concat(ListCore<int, G>.From(items.AsSpan(left)));
        core.Insert(left / 2, -1);
        core.RemoveAt(left / 2);
        TrieChecker<int, G>.Check(core);
        Assert.True(core.Root is not null);
        for (int i = 0; i < core.TreeCount; i++)
        {
            var leaf = RrbTree<int, G>.LeafAt(core.Root!, core.Shift, i, out int offset);
            Assert.Equal(i, leaf[offset]);
            Assert.Equal(i, RrbTree<int, G>.ItemRef(core.Root!, core.Shift, i));
        }

        return HasSizeTable(core.Root!, core.Shift, G.LeafBits, G.Bits);
    }

    private static bool HasSizeTable(TrieNode node, int shift, int leafBits, int bits) =>
        node.Sizes is not null || (shift > leafBits && node.Children.ToArray().Any(c => HasSizeTable((TrieNode)c, shift - bits, leafBits, bits)));
}
