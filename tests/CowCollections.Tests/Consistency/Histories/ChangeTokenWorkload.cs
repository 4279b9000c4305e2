using CowCollections.Linearizability;
using Microsoft.Extensions.Primitives;

namespace CowCollections.Tests.Consistency.Histories;

/// <summary>
/// Change tokens under writers: three writers add unique values while a consumer follows
/// <c>ChangeToken.OnChange(() => container.GetChangeToken(), ...)</c> and reads the snapshot in each callback.
/// Every change must be followed by a callback that ran after it (one that saw it), callbacks never see the
/// list go back, and a callback that writes (re-entrantly) must not stop the callbacks.
/// </summary>
internal static class ChangeTokenWorkload
{
    /// <summary>Runs one round and returns every violation found (empty when the round is correct).</summary>
    public static List<string> Round(Func<CopyOnWriteList<int>, IChangeToken> token, int writesPerWriter, bool reentrant)
    {
        const int Writers = 3;
        var list = new CopyOnWriteList<int>();
        var seen = new List<(long Start, int Count)>();
        int reentrantWrites = 0;
        using var following = ChangeToken.OnChange(() => token(list), () =>
        {
            long startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            var snapshot = list.Snapshot;
            lock (seen)
            {
                seen.Add((startedAt, snapshot.Count));
            }

            // A consumer that writes from its callback (a reload that normalizes what it read, say).
            if (reentrant && Interlocked.Increment(ref reentrantWrites) <= 3)
            {
                list.Add(-1);
            }
        });

        var recorder = new HistoryRecorder<int, string>(Writers, writesPerWriter);
        Workload.Together(Writers, w =>
        {
            var me = recorder.ForThread(w);
            return () =>
            {
                for (int i = 0; i < writesPerWriter; i++)
                {
                    me.Invoke((w * 1_000_000) + i);
                    list.Add((w * 1_000_000) + i);
                    me.Return(string.Empty);
                }
            };
        });

        // Callbacks run on the writers' threads or just after: give the last one a bounded moment.
        int expected = (Writers * writesPerWriter) + (reentrant ? 3 : 0);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            lock (seen)
            {
                if (seen.Count > 0 && seen[^1].Count == expected)
                {
                    break;
                }
            }

            Thread.Sleep(5);
        }

        var violations = new List<string>();
        List<(long Start, int Count)> callbacks;
        lock (seen)
        {
            callbacks = [.. seen];
        }

        // A write's change is seen by a callback whose snapshot holds at least as many elements as the list had
        // when the write returned; the list only grows, so it is enough that the last callback saw everything.
        int last = callbacks.Count == 0 ? 0 : callbacks[^1].Count;
        if (last != expected)
        {
            var unseen = recorder.ToHistory().Operations.Count(o => o.Response > (callbacks.Count == 0 ? long.MinValue : callbacks[^1].Start));
            violations.Add($"{callbacks.Count} callbacks; the last saw {last} of {expected} elements: at least {unseen} write(s) returned after the last callback started and no callback followed them");
        }

        for (int i = 1; i < callbacks.Count; i++)
        {
            if (callbacks[i].Count < callbacks[i - 1].Count)
            {
                violations.Add($"callback {i} saw {callbacks[i].Count} elements after callback {i - 1} saw {callbacks[i - 1].Count}");
                break;
            }
        }

        return violations;
    }
}
