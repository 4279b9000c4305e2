using System.Runtime.CompilerServices;
using CowCollections.Internal;
using CowCollections.Internal.VectorTrie;

namespace CowCollections.Tests.List;

/// <summary>
/// The capacity classes of vector-trie nodes: every class's first slot is where the read path looks for it, a
/// persistent node gets the narrowest class that holds its children, an owned node the full width, and path
/// copies of a partly filled node stay narrow.
/// </summary>
public class NodeClassTests
{
    [Fact]
    public void Every_class_keeps_its_slots_at_the_offset_the_read_path_uses()
    {
        for (int count = 1; count <= TrieGeometry.MaxWidth; count++)
        {
            var node = TrieNode.Create(null, count);
            Assert.True(Unsafe.AreSame(ref node.Slot(0), ref node.OwnFirstSlot), $"class of {count}: slot 0 is not the class's own first slot");
            Assert.Equal(TrieNode.ClassFor(count), node.Capacity);
            Assert.True(node.Capacity >= count);
            Assert.Equal(node.Capacity, node.AllSlots.Length);
        }
    }

    [Fact]
    public void Classes_are_the_narrowest_of_1_2_4_8_16_24_32()
    {
        int[] expected = [1, 2, 4, 4, 8, 8, 8, 8, 16, 16, 16, 16, 16, 16, 16, 16, 24, 24, 24, 24, 24, 24, 24, 24, 32, 32, 32, 32, 32, 32, 32, 32];
        Assert.Equal(expected, Enumerable.Range(1, 32).Select(TrieNode.ClassFor));
    }

    [Fact]
    public void An_owned_node_has_the_full_width_so_a_builder_appends_in_place()
    {
        var owner = new EditToken();
        Assert.Equal(TrieGeometry.MaxWidth, TrieNode.Create(owner, 1).Capacity);
        Assert.Equal(TrieGeometry.MaxWidth, TrieNode.Create(null, 1).Copy(owner).Capacity);
    }

    [Fact]
    public void A_persistent_root_of_two_children_is_a_two_slot_node_and_SetItem_keeps_it_narrow()
    {
        // 100K ints: a root at level 3 over two level-2 nodes.
        var list = PersistentList.CreateRange(Enumerable.Range(0, 100_000));
        var core = list.Core;
        Assert.Equal(2, core.Root!.Count);
        Assert.Equal(2, core.Root.Capacity);
        var changed = list.SetItem(5, -1).Core;
        Assert.NotSame(core.Root, changed.Root);
        Assert.Equal(2, changed.Root!.Capacity);
        TrieChecker<int, DefaultGeometry>.Check(changed);
    }

    [Fact]
    public void Growing_a_narrow_persistent_node_copies_it_into_a_wider_class()
    {
        // Appends to a version push leaves into the root's last level-1 node; each push copies that node into a class
        // holding one more child, and the deep check verifies the class and the null slots past the count.
        var list = PersistentList<int>.Empty;
        for (int i = 0; i < 64 * 40; i++)
        {
            list = list.Add(i);
            if (i % 64 == 63)
            {
                TrieChecker<int, DefaultGeometry>.Check(list.Core);
            }
        }

        Assert.Equal(Enumerable.Range(0, 64 * 40), list);
    }
}
