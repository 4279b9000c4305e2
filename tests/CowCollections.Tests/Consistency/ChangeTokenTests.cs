using Microsoft.Extensions.Primitives;

namespace CowCollections.Tests.Consistency;

public class ChangeTokenTests
{
    [Fact]
    public void A_token_fires_once_on_the_next_change_and_runs_its_callbacks()
    {
        var list = new CopyOnWriteList<int>();
        var token = list.GetChangeToken();
        int callbacks = 0;
        using var registration = token.RegisterChangeCallback(_ => callbacks++, null);
        Assert.False(token.HasChanged);
        Assert.True(token.ActiveChangeCallbacks);

        list.Add(1);
        list.Add(2);

        Assert.True(token.HasChanged);
        Assert.Equal(1, callbacks);
    }

    [Fact]
    public void A_callback_registered_after_the_change_runs_immediately()
    {
        var list = new CopyOnWriteList<int>();
        var token = list.GetChangeToken();
        list.Add(1);
        bool ran = false;
        token.RegisterChangeCallback(_ => ran = true, null);
        Assert.True(ran);
    }

    [Fact]
    public void ChangeToken_OnChange_watches_a_container_without_glue()
    {
        var list = new CopyOnWriteList<string>();
        var seen = new List<int>();
        using (ChangeToken.OnChange(list.GetChangeToken, () => seen.Add(list.Count)))
        {
            list.Add("a");
            list.Add("b");
        }

        list.Add("c");
        Assert.Equal([1, 2], seen);
    }

    [Fact]
    public void OnChange_passes_the_current_snapshot()
    {
        var list = new CopyOnWriteList<int>();
        var seen = new List<int>();
        using (list.OnChange(s => seen.Add(s.Count)))
        {
            list.Add(1);
        }

        list.Add(2);
        Assert.Equal([1], seen);
    }

    [Fact]
    public void A_fired_token_releases_its_subscription()
    {
        var list = new CopyOnWriteList<int>();
        int fired = 0;
        for (int i = 0; i < 100; i++)
        {
            list.GetChangeToken().RegisterChangeCallback(_ => fired++, null);
        }

        list.Add(1);
        list.Add(2);
        Assert.Equal(100, fired);
    }

    [Fact]
    public void Tokens_taken_while_writers_run_never_miss_a_change()
    {
        var list = new CopyOnWriteList<int>();
        int missed = 0;
        ConcurrencyHarness.Run(2, 2000, (_, i) => list.Add(i), readers: 2, _ =>
        {
            var token = list.GetChangeToken();
            var version = list.Version;
            using var fired = new ManualResetEventSlim();
            token.RegisterChangeCallback(_ => fired.Set(), null);
            list.Add(-1);

            // The callback runs on whichever writer delivers the change, which may be another writer still
            // finishing a delivery, so wait for it (bounded). HasChanged turns true when the token fires (as a
            // CancellationChangeToken's does), so it is true once the callback ran.
            if (!fired.Wait(TimeSpan.FromSeconds(10)) || !token.HasChanged)
            {
                Interlocked.Increment(ref missed);
            }

            Assert.True(list.Version > version);
        });

        Assert.Equal(0, missed);
    }
    [Fact]
    public void A_token_from_a_dictionary_fires_on_SetItems_and_ChangeToken_OnChange_sees_each_batch_whole()
    {
        var dictionary = new CopyOnWriteDictionary<string, int>();
        var token = dictionary.GetChangeToken();
        int callbacks = 0;
        using (token.RegisterChangeCallback(_ => callbacks++, null))
        {
            Assert.False(token.HasChanged);
            dictionary.SetItems([new("a", 1), new("b", 2)]);
            Assert.True(token.HasChanged);
            Assert.Equal(1, callbacks);
        }

        var seen = new List<string>();
        using (ChangeToken.OnChange(dictionary.GetChangeToken, () => seen.Add(string.Join(",", dictionary.Snapshot.OrderBy(e => e.Key).Select(e => $"{e.Key}={e.Value}")))))
        {
            dictionary.SetItems([new("a", 10), new("c", 3)]);
            dictionary.TryRemove("b", out _);
        }

        dictionary["z"] = 26;
        Assert.Equal(["a=10,b=2,c=3", "a=10,c=3"], seen);
    }

    [Fact]
    public void OnChange_over_a_dictionary_and_an_array_passes_their_snapshots()
    {
        var dictionary = new CopyOnWriteDictionary<int, int>();
        var array = new CopyOnWriteArray<int>(4);
        var counts = new List<int>();
        var firsts = new List<int>();
        using (dictionary.OnChange(s => counts.Add(s.Count)))
        using (array.OnChange(s => firsts.Add(s[0])))
        {
            dictionary.SetItems([new(1, 1), new(2, 2)]);
            array.SetItems([new(0, 7), new(3, 9)]);
        }

        dictionary[3] = 3;
        array[0] = 8;
        Assert.Equal([2], counts);
        Assert.Equal([7], firsts);
    }
}
