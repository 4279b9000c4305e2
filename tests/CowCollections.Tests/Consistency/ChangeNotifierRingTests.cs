using CowCollections.Internal.Publication;

namespace CowCollections.Tests.Consistency;

/// <summary>The notifier's version-indexed backlog, driven directly with changes queued out of order.</summary>
public class ChangeNotifierRingTests
{
    private static SnapshotChange<string> Change(long version) => new($"v{version - 1}", $"v{version}", version);

    [Theory]
    [InlineData(1, 5_000)]
    [InlineData(37, 5_000)]
    [InlineData(1_500, 6_000)]
    [InlineData(5_000, 5_000)]
    public void Changes_queued_in_reversed_blocks_are_delivered_once_each_in_version_order(int block, int total)
    {
        var notifier = new ChangeNotifier<string>();
        var current = new AtomicRoot<string>.Published("v0", 0);
        var seen = new List<long>();
        using var subscription = notifier.Subscribe(c => seen.Add(c.Version), null, ref current);

        // Each block is queued from its last version down, so the ring holds up to `block` changes waiting
        // for the first one, wraps around and grows past its first capacity.
        for (long start = 1; start <= total; start += block)
        {
            long end = Math.Min(start + block - 1, total);
            for (long version = end; version >= start; version--)
            {
                notifier.OnPublished(Change(version));
            }

            Assert.Equal(end, seen.Count);
        }

        Assert.Equal(Enumerable.Range(1, total).Select(v => (long)v), seen);
    }

    [Fact]
    public void A_far_ahead_change_waits_until_every_version_before_it_arrived_and_the_ring_keeps_working_after_a_large_drain()
    {
        var notifier = new ChangeNotifier<string>();
        var current = new AtomicRoot<string>.Published("v0", 0);
        var seen = new List<long>();
        using var subscription = notifier.Subscribe(c => seen.Add(c.Version), null, ref current);

        notifier.OnPublished(Change(3_000));
        for (long version = 2; version < 3_000; version++)
        {
            notifier.OnPublished(Change(version));
        }

        Assert.Empty(seen);
        notifier.OnPublished(Change(1));
        Assert.Equal(Enumerable.Range(1, 3_000).Select(v => (long)v), seen);

        // The drained ring was dropped for a small one; later changes, in and out of order, still arrive.
        notifier.OnPublished(Change(3_002));
        notifier.OnPublished(Change(3_001));
        notifier.OnPublished(Change(3_003));
        Assert.Equal(Enumerable.Range(1, 3_003).Select(v => (long)v), seen);
    }
}
