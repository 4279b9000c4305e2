using CowCollections;
using Xunit;

namespace CowCollections.Tests.Compatibility;

/// <summary>
/// A list can never hold more than int.MaxValue elements: every growing operation on a full list throws
/// <see cref="OverflowException"/> and leaves the list (or builder, or container) as it was. The full list is
/// built by concatenating shared powers of two, so it costs a few kilobytes, not eight gigabytes.
/// </summary>
public sealed class SciCountOverflowTests
{
    private static readonly Lazy<PersistentList<int>> Full = new(() =>
    {
        // 2^0 + 2^1 + ... + 2^30 == int.MaxValue; each power is the previous one concatenated with itself.
        var power = PersistentList.Create(1);
        var full = power;
        for (int i = 1; i <= 30; i++)
        {
            power = power.AddRange(power);
            full = full.AddRange(power);
        }

        return full;
    });

    [Fact]
    public void The_full_list_is_shared_not_materialized()
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var full = Full.Value;
        long after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.Equal(int.MaxValue, full.Count);
        Assert.Equal(1, full[int.MaxValue - 1]);
        Assert.True(after - before < 64L * 1024 * 1024, $"the shared list took {after - before} bytes");
    }

    [Fact]
    public void Persistent_list_growth_past_int_MaxValue_throws()
    {
        var full = Full.Value;
        Assert.Throws<OverflowException>(() => full.Add(2));
        Assert.Throws<OverflowException>(() => full.Insert(0, 2));
        Assert.Throws<OverflowException>(() => full.Insert(full.Count / 2, 2));
        Assert.Throws<OverflowException>(() => full.Insert(full.Count, 2));
        Assert.Throws<OverflowException>(() => full.AddRange(new ReadOnlySpan<int>([2])));
        Assert.Throws<OverflowException>(() => full.AddRange((IEnumerable<int>)new[] { 2 }));
        Assert.Throws<OverflowException>(() => full.AddRange(new List<int> { 2 }));
        Assert.Throws<OverflowException>(() => full.AddRange(PersistentList.Create(2)));
        Assert.Throws<OverflowException>(() => full.InsertRange(0, PersistentList.Create(2)));
        Assert.Throws<OverflowException>(() => full.InsertRange(5, (IEnumerable<int>)new[] { 2 }));
        Assert.Equal(int.MaxValue, full.Count);

        var almost = full.RemoveAt(0);
        var grown = almost.Add(3);
        Assert.Equal(int.MaxValue, grown.Count);
        Assert.Equal(3, grown[int.MaxValue - 1]);
        Assert.Throws<OverflowException>(() => almost.AddRange(new ReadOnlySpan<int>([1, 2])));
        Assert.Throws<OverflowException>(() => almost.AddRange(PersistentList.Create(1, 2)));
    }

    [Fact]
    public void Builder_growth_past_int_MaxValue_throws_and_keeps_the_builder_usable()
    {
        var builder = Full.Value.ToBuilder();
        Assert.Throws<OverflowException>(() => builder.Add(2));
        Assert.Throws<OverflowException>(() => builder.Insert(0, 2));
        Assert.Throws<OverflowException>(() => builder.Insert(builder.Count / 3, 2));
        Assert.Throws<OverflowException>(() => builder.AddRange(new ReadOnlySpan<int>([2])));
        Assert.Throws<OverflowException>(() => builder.AddRange((IEnumerable<int>)new[] { 2 }));
        Assert.Throws<OverflowException>(() => builder.AddRange(PersistentList.Create(2)));
        Assert.Throws<OverflowException>(() => builder.InsertRange(7, (IEnumerable<int>)new[] { 2 }));
        Assert.Equal(int.MaxValue, builder.Count);

        builder.RemoveAt(builder.Count - 1);
        builder.Add(4);
        Assert.Equal(int.MaxValue, builder.Count);
        Assert.Equal(4, builder[int.MaxValue - 1]);
        Assert.Throws<OverflowException>(() => builder.Add(5));
        Assert.Equal(int.MaxValue, builder.ToImmutable().Count);
    }

    [Fact]
    public void CopyOnWriteList_growth_past_int_MaxValue_throws()
    {
        var list = new CopyOnWriteList<int>(Full.Value);
        Assert.Throws<OverflowException>(() => list.Add(2));
        Assert.Throws<OverflowException>(() => list.Insert(0, 2));
        Assert.Throws<OverflowException>(() => list.AddRange(new[] { 2 }));
        Assert.Throws<OverflowException>(() => list.AddRange(PersistentList.Create(2)));

        // A present element adds nothing, so a full list does not throw (an absent one would be found absent
        // only after a scan of all int.MaxValue elements, then fail in Add as above).
        Assert.False(list.AddIfAbsent(1));
        Assert.Equal(int.MaxValue, list.Count);
        Assert.Same(Full.Value, list.Snapshot);
    }
}
