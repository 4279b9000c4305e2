using System.Diagnostics;
using CowCollections.Linearizability;
using Xunit.Abstractions;

namespace CowCollections.Tests.Linearizability;

/// <summary>
/// Histories of 10,000 operations recorded from 4 threads on lock-protected BCL structures (linearizable by
/// construction) check within the budget: the checker is usable on real workloads.
/// </summary>
public class LinearizabilityPerformanceTests(ITestOutputHelper output)
{
    private const int Threads = 4;
    private const int PerThread = 2500;

    [Fact]
    public void Ten_thousand_operations_on_a_locked_list_from_four_threads_check_in_seconds()
    {
        int seed = Random.Shared.Next();
        output.WriteLine($"seed: {seed}");
        var list = new List<int>();
        var gate = new Lock();
        var recorder = new HistoryRecorder<ListOp<int>, ListResult<int>>(Threads, PerThread);
        Run(recorder, seed, (random, me) =>
        {
            int value = random.Next(100);
            int index = random.Next(12);
            var op = random.Next(100) switch
            {
                < 25 => ListOps.Add(value),
                < 35 => ListOps.Insert(index, value),
                < 65 => ListOps.RemoveAt<int>(index),
                < 72 => ListOps.Set(index, value),
                < 85 => ListOps.Get<int>(index),
                < 93 => ListOps.Count<int>(),
                < 99 => ListOps.Snapshot<int>(),
                _ => ListOps.Clear<int>(),
            };
            me.Invoke(op);
            ListResult<int> result;
            lock (gate)
            {
                result = ReferenceStructures.Apply(list, op);
            }

            me.Return(result);
        });

        AssertChecksInSeconds(new ListModel<int>(), recorder.ToHistory(), seed, expectedPartitions: 1);
    }

    [Fact]
    public void Ten_thousand_operations_on_a_locked_dictionary_from_four_threads_check_per_key_in_seconds()
    {
        int seed = Random.Shared.Next();
        output.WriteLine($"seed: {seed}");
        var dictionary = new Dictionary<string, int>();
        var gate = new Lock();
        var keys = Enumerable.Range(0, 16).Select(i => "k" + i).ToArray();
        var recorder = new HistoryRecorder<DictionaryOp<string, int>, DictionaryResult<string, int>>(Threads, PerThread);
        Run(recorder, seed, (random, me) =>
        {
            string key = keys[random.Next(keys.Length)];
            var op = random.Next(4) switch
            {
                0 => DictionaryOps.Set(key, random.Next(5)),
                1 => DictionaryOps.Remove<string, int>(key),
                2 => DictionaryOps.TryGet<string, int>(key),
                _ => DictionaryOps.ContainsKey<string, int>(key),
            };
            me.Invoke(op);
            DictionaryResult<string, int> result;
            lock (gate)
            {
                switch (op.Kind)
                {
                    case DictionaryOpKind.Set:
                        dictionary[key] = op.Value;
                        result = DictionaryOps.Done<string, int>();
                        break;
                    case DictionaryOpKind.Remove:
                        result = DictionaryOps.Found<string, int>(dictionary.Remove(key));
                        break;
                    case DictionaryOpKind.TryGet:
                        result = dictionary.TryGetValue(key, out int v) ? DictionaryOps.Value<string, int>(v) : DictionaryOps.Found<string, int>(false);
                        break;
                    default:
                        result = DictionaryOps.Found<string, int>(dictionary.ContainsKey(key));
                        break;
                }
            }

            me.Return(result);
        });

        AssertChecksInSeconds(new DictionaryModel<string, int>(), recorder.ToHistory(), seed, expectedPartitions: keys.Length);
    }

    private static void Run<TInput, TOutput>(HistoryRecorder<TInput, TOutput> recorder, int seed, Action<Random, ThreadRecorder<TInput, TOutput>> step)
    {
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var random = new Random(seed + t);
            var me = recorder.ForThread(t);
            start.SignalAndWait();
            for (int i = 0; i < PerThread; i++)
            {
                step(random, me);
            }
        })).ToArray();
        foreach (var t in threads)
        {
            t.Start();
        }

        foreach (var t in threads)
        {
            t.Join();
        }
    }

    private void AssertChecksInSeconds<TState, TInput, TOutput>(ILinearizabilityModel<TState, TInput, TOutput> model, History<TInput, TOutput> history, int seed, int expectedPartitions)
    {
        Assert.Equal(Threads * PerThread, history.Count);
        var stopwatch = Stopwatch.StartNew();
        var result = LinearizabilityChecker.Check(model, history, new CheckOptions { Timeout = TimeSpan.FromSeconds(15), Seed = seed.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        output.WriteLine($"{result.Outcome}: {history.Count} operations, {result.Partitions} partitions, {stopwatch.ElapsedMilliseconds} ms");

        Assert.True(result.IsOk, result.Report);
        Assert.Equal(expectedPartitions, result.Partitions);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"The check took {stopwatch.Elapsed}.");
    }
}
