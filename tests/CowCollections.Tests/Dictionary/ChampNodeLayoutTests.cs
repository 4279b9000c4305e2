using CowCollections.Internal.Champ;

namespace CowCollections.Tests.Dictionary;

/// <summary>
/// The one-object node layout: entries inline in classes of fixed capacity, read through the smallest class (the
/// type initializer checks that every class keeps them at one offset), spare capacity in a builder's nodes written in
/// place, and spare slots cleared when an entry leaves (the deep check, <see cref="ChampChecker{TKey, TValue}"/>,
/// fails on a stale reference).
/// </summary>
public class ChampNodeLayoutTests
{
    private readonly record struct Pair(string Text, long Number);

    [Fact]
    public void Every_capacity_class_keeps_its_entries_at_the_offset_entry_reads_use()
    {
        Assert.True(ChampNode<int, int>.LayoutVerified);
        Assert.True(ChampNode<string, object>.LayoutVerified);
        Assert.True(ChampNode<byte, byte>.LayoutVerified);
        Assert.True(ChampNode<HashKey, string>.LayoutVerified);
        Assert.True(ChampNode<Guid, decimal>.LayoutVerified);
        Assert.True(ChampNode<Pair, Pair>.LayoutVerified);
    }

    [Fact]
    public void Entries_of_every_capacity_class_read_back_what_was_stored()
    {
        // Slot i of the root for key i: the root goes through every capacity class from 1 to 32 entries.
        var d = PersistentDictionary<HashKey, string>.Empty;
        for (int i = 0; i < 32; i++)
        {
            d = d.SetItem(new HashKey(i, i), "v" + i);
            Champ.Check(d);
            Assert.Equal(i + 1, d.Root.EntryCount);
            for (int j = 0; j <= i; j++)
            {
                Assert.Equal("v" + j, d[new HashKey(j, j)]);
                Assert.Equal(j, d.Root.EntryAt(j).Key.Id);
            }
        }
    }

    [Fact]
    public void A_persistent_node_takes_the_tightest_class_and_a_builder_node_room_to_grow()
    {
        int[] classes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 18, 20, 22, 24, 28, 32];
        var d = PersistentDictionary<HashKey, int>.Empty;
        for (int i = 0; i < 32; i++)
        {
            d = d.SetItem(new HashKey(i, i), i);
            Assert.Equal(classes.First(c => c >= i + 1), d.Root.Capacity);
        }

        // A builder adding into the root it owns replaces the root only when the root is full.
        var builder = PersistentDictionary.CreateBuilder<HashKey, int>();
        var roots = new HashSet<object>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < 32; i++)
        {
            builder.Add(new HashKey(i, i), i);
            roots.Add(builder.Root);
            Champ.Check(builder);
        }

        Assert.InRange(roots.Count, 2, 12);
        Assert.True(builder.ToImmutable().DictionaryEquals(d));
    }

    [Fact]
    public void An_entry_leaving_a_node_leaves_no_reference_behind()
    {
        // Removal in place (a builder's own node) and by copy (a persistent one), with reference keys and values.
        var builder = PersistentDictionary.CreateBuilder<HashKey, string>();
        for (int i = 0; i < 20; i++)
        {
            builder.Add(new HashKey(i, i), new string('x', i + 1));
        }

        var frozen = builder.ToImmutable();
        for (int i = 0; i < 20; i += 2)
        {
            Assert.True(builder.Remove(new HashKey(i, i)));
            Champ.Check(builder);
            frozen = frozen.Remove(new HashKey(i + 1, i + 1));
            Champ.Check(frozen);
        }

        Assert.Equal(10, builder.Count);
        Assert.Equal(10, frozen.Count);
    }
}
