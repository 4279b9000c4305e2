using CowCollections.Internal;
using CowCollections.Internal.VectorTrie;

namespace CowCollections.Tests.List;

/// <summary>
/// The insert slack of relaxed nodes (<see cref="TrieGeometry.RelaxedSlackBits"/>): an insert into a full leaf grows
/// that leaf up to twice its width instead of splitting a path of full nodes; reads search relaxed nodes from the
/// radix guess in both directions; a grown leaf never becomes the tail. Deep-checked after every step, in every geometry.
/// </summary>
public class InsertSlackTests
{
    [Fact]
    public void An_insert_into_a_full_tree_grows_one_leaf_and_splits_nothing_in_every_geometry()
    {
        FullTreeInsert<DefaultGeometry>();
        FullTreeInsert<TinyGeometry>();
        FullTreeInsert<TinyWideLeafGeometry>();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Reads_of_a_tree_whose_leaves_grew_into_the_slack_agree_with_the_model(int seed)
    {
        RandomInserts<DefaultGeometry>(seed, 3_000, 4_000);
        RandomInserts<TinyGeometry>(seed, 600, 1_500);
        RandomInserts<TinyWideLeafGeometry>(seed, 600, 1_500);
    }

    [Fact]
    public void A_grown_last_leaf_is_split_when_it_would_become_the_tail()
    {
        GrownLastLeafBecomesTail<DefaultGeometry>();
        GrownLastLeafBecomesTail<TinyGeometry>();
        GrownLastLeafBecomesTail<TinyWideLeafGeometry>();
    }

    private static void FullTreeInsert<G>()
        where G : struct, ITrieGeometry
    {
        // A completely full two-level tree (Width level-1 nodes of Width full leaves) plus a full tail.
        int n = (G.Width * G.Width * G.LeafWidth) + G.LeafWidth;
        var model = Enumerable.Range(0, n).ToList();
        var core = ListCore<int, G>.From(model.ToArray());
        int rootCount = core.Root!.Count;
        int shift = core.Shift;
        int at = n / 3;
        for (int k = 0; k < G.LeafWidth; k++)
        {
            core.Insert(at, -k);
            model.Insert(at, -k);
            TrieChecker<int, G>.Check(core);
            Assert.Equal(rootCount, core.Root!.Count);
            Assert.Equal(shift, core.Shift);
            var leaf = RrbTree<int, G>.LeafAt(core.Root!, core.Shift, at, out _);
            Assert.Equal(G.LeafWidth + k + 1, leaf.Length);
        }

        // The leaf is now at twice its width: the next insert shares with or splits it, and the tree stays valid.
        core.Insert(at, 1);
        model.Insert(at, 1);
        TrieChecker<int, G>.Check(core);
        Assert.Equal(model, core.ToArray());
    }

    private static void RandomInserts<G>(int seed, int size, int inserts)
        where G : struct, ITrieGeometry
    {
        var random = new Random(seed);
        var model = Enumerable.Range(0, size).ToList();
        var core = ListCore<int, G>.From(model.ToArray());
        for (int k = 0; k < inserts; k++)
        {
            // Clustered inserts grow the same leaves past their width.
            int at = random.Next(4) == 0 ? random.Next(model.Count) : (model.Count / 2) + random.Next(-G.LeafWidth, G.LeafWidth);
            core.Insert(at, -k);
            model.Insert(at, -k);
            if (k % 97 == 0)
            {
                TrieChecker<int, G>.Check(core);
            }
        }

        TrieChecker<int, G>.Check(core);
        for (int i = 0; i < model.Count; i++)
        {
            Assert.Equal(model[i], core.ItemRef(i));
        }

        for (int i = 0; i < core.TreeCount; i++)
        {
            var leaf = RrbTree<int, G>.LeafAt(core.Root!, core.Shift, i, out int offset);
            Assert.Equal(model[i], leaf[offset]);
        }

        Assert.Equal(model, core.ToArray());
    }

    private static void GrownLastLeafBecomesTail<G>()
        where G : struct, ITrieGeometry
    {
        int n = (G.Width * G.LeafWidth) + 1;
        var model = Enumerable.Range(0, n).ToList();
        var core = ListCore<int, G>.From(model.ToArray());

        // Grow the tree's last leaf past its width, then empty the tail so that leaf is popped.
        int lastLeafStart = core.TreeCount - G.LeafWidth;
        for (int k = 0; k < G.LeafWidth / 2; k++)
        {
            core.Insert(lastLeafStart + 1, -k);
            model.Insert(lastLeafStart + 1, -k);
        }

        Assert.True(RrbTree<int, G>.LeafAt(core.Root!, core.Shift, core.TreeCount - 1, out _).Length > G.LeafWidth);
        for (int k = 0; k < 3 * G.LeafWidth; k++)
        {
            core.RemoveAt(model.Count - 1);
            model.RemoveAt(model.Count - 1);
            TrieChecker<int, G>.Check(core);
        }

        Assert.Equal(model, core.ToArray());
    }
}
