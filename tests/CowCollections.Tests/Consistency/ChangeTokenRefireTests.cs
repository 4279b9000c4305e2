using Microsoft.Extensions.Primitives;

namespace CowCollections.Tests.Consistency;

/// <summary>
/// A change token's <c>HasChanged</c> turns true only when the token fired, so
/// <see cref="ChangeToken.OnChange(Func{IChangeToken}, Action)"/> never drops its registration when a change
/// lands while its consumer runs (a reentrant write, or another thread's write).
/// </summary>
public class ChangeTokenRefireTests
{
    [Fact]
    public void A_write_made_by_the_OnChange_consumer_is_followed_by_another_call_and_every_later_change_too()
    {
        var list = new CopyOnWriteList<int>();
        int calls = 0;
        var seenCounts = new List<int>();
        using (list.OnChange(s =>
        {
            seenCounts.Add(s.Count);
            if (++calls == 1)
            {
                list.Add(100);
            }
        }))
        {
            list.Add(1);
            list.Add(2);
            list.Add(3);
        }

        Assert.Equal(4, calls);
        Assert.Equal(4, list.Count);
        Assert.Equal(4, seenCounts[^1]);
    }

    [Fact]
    public void A_token_taken_before_a_change_is_not_HasChanged_until_it_fired()
    {
        var list = new CopyOnWriteList<int>();
        IChangeToken? inner = null;
        bool innerChangedBeforeFiring = true;
        using var subscription = list.Subscribe(_ =>
        {
            if (inner is null)
            {
                // Taken during the delivery of version 1; version 2 is published now but delivered later.
                inner = list.GetChangeToken();
                list.Add(2);
                innerChangedBeforeFiring = inner.HasChanged;
            }
        });

        list.Add(1);

        Assert.NotNull(inner);
        Assert.False(innerChangedBeforeFiring);
        Assert.True(inner.HasChanged);
        bool ran = false;
        inner.RegisterChangeCallback(_ => ran = true, null);
        Assert.True(ran);
    }

    [Fact]
    public void With_writers_on_other_threads_during_the_consumer_the_last_call_sees_the_final_version()
    {
        var list = new CopyOnWriteList<int>();
        long lastSeen = -1;
        long calls = 0;
        using var registration = ChangeToken.OnChange(list.GetChangeToken, () =>
        {
            Interlocked.Increment(ref calls);

            // A consumer slow enough for the other writer to publish while it runs.
            Thread.SpinWait(2000);
            long seen = list.Version;
            long before;
            do
            {
                before = Volatile.Read(ref lastSeen);
            }
            while (seen > before && Interlocked.CompareExchange(ref lastSeen, seen, before) != before);
        });

        var deadline = DateTime.UtcNow.AddMilliseconds(800);
        var writers = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            while (DateTime.UtcNow < deadline)
            {
                list.Add(1);
            }
        })).ToArray();
        foreach (var writer in writers)
        {
            writer.Start();
        }

        foreach (var writer in writers)
        {
            Assert.True(writer.Join(TimeSpan.FromSeconds(60)), "a writer did not return");
        }

        // Deliveries run on the writers' threads, so every callback finished before the last write returned.
        Assert.True(Interlocked.Read(ref calls) > 1);
        Assert.Equal(list.Version, Volatile.Read(ref lastSeen));
    }
}
