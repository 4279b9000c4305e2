using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using CowCollections.Linearizability;
using Xunit.Abstractions;

namespace CowCollections.Tests.Consistency.Histories;

/// <summary>
/// One operation of a workload: what it does to the object under test, and what the sequential specification
/// answers in a given state. Both answers are plain text (<c>"ok"</c>, <c>"3"</c>, <c>"[1,2]"</c>,
/// <c>"threw ArgumentOutOfRangeException"</c>), so results, exception types and copies compare the same way.
/// </summary>
/// <typeparam name="TObject">The object under test.</typeparam>
/// <typeparam name="TState">The specification's immutable state.</typeparam>
internal sealed class Call<TObject, TState>(string name, Func<TObject, string> run, Func<TState, (TState Next, string Answer)> spec, object? key = null)
{
    /// <summary>
    /// A call whose answer the specification cannot predict from the state alone (a compare-and-exchange that may
    /// lose to a concurrent writer): <paramref name="judge"/> says whether an observed answer is possible in a state,
    /// and the state after it.
    /// </summary>
    public Call(string name, Func<TObject, string> run, Func<TState, string, (bool Ok, TState Next)> judge, object? key = null)
        : this(name, run, static _ => throw new InvalidOperationException("a judged call has no single answer"), key)
    {
        Judge = judge;
    }

    /// <summary>For calls with more than one possible answer: whether an answer is possible in a state, and the state after it.</summary>
    public Func<TState, string, (bool Ok, TState Next)>? Judge { get; }

    /// <summary>The call as text, with its arguments.</summary>
    public string Name { get; } = name;

    /// <summary>The partition this call touches alone (a dictionary key, a listener), or null when it reads or writes the whole state.</summary>
    public object? Key { get; } = key;

    /// <summary>Runs the call on the object under test; an exception becomes its answer.</summary>
    public string Run(TObject target)
    {
        try
        {
            return run(target);
        }
        catch (Exception e)
        {
            return Answer.Threw(e);
        }
    }

    /// <summary>The specification's next state and answer.</summary>
    public (TState Next, string Answer) Spec(TState state) => spec(state);

    public override string ToString() => Name;
}

/// <summary>The text form of answers, shared by the object under test and the specification.</summary>
internal static class Answer
{
    public const string Ok = "ok";

    public static string Threw(Exception e) => "threw " + e.GetType().Name;

    public static string Of(bool value) => value ? "true" : "false";

    public static string Of(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Of(IEnumerable<int> items) => "[" + string.Join(",", items) + "]";

    /// <summary>The answer of a compare-and-exchange: whether it published, and the version it found current.</summary>
    public static string Exchanged(bool won, string seen) => (won ? "won " : "lost ") + seen;

    /// <summary>
    /// The judge of a compare-and-exchange over a version read just before inside the same call: it decided in a
    /// state whose content is the one it found current, and it published (<paramref name="publish"/>) only when it won.
    /// </summary>
    public static (bool Ok, TState Next) JudgeExchange<TState>(TState state, string answer, Func<TState, string> describe, Func<TState, TState> publish)
    {
        bool won = answer.StartsWith("won ", StringComparison.Ordinal);
        string seen = answer[(won ? 4 : 5)..];
        return !string.Equals(seen, describe(state), StringComparison.Ordinal) ? (false, state) : (true, won ? publish(state) : state);
    }

    /// <summary>Entries sorted by key, so a dictionary read in any order answers the same text.</summary>
    public static string Of(IEnumerable<KeyValuePair<int, int>> entries) =>
        "{" + string.Join(",", entries.OrderBy(e => e.Key).Select(e => $"{e.Key}:{e.Value}")) + "}";

    /// <summary>Runs <paramref name="model"/> on a copy of the state (the specification is the BCL type itself); an exception is its answer and leaves the state as it was.</summary>
    public static (ImmutableArray<int> Next, string Answer) OnList(ImmutableArray<int> state, Func<List<int>, string> model)
    {
        var list = new List<int>(state);
        try
        {
            string answer = model(list);
            return ([.. list], answer);
        }
        catch (Exception e)
        {
            return (state, Threw(e));
        }
    }

    /// <summary>As <see cref="OnList"/>, with a <see cref="Dictionary{TKey, TValue}"/>.</summary>
    public static (ImmutableDictionary<int, int> Next, string Answer) OnDictionary(ImmutableDictionary<int, int> state, Func<Dictionary<int, int>, string> model)
    {
        var dictionary = new Dictionary<int, int>(state);
        try
        {
            string answer = model(dictionary);
            return (dictionary.ToImmutableDictionary(), answer);
        }
        catch (Exception e)
        {
            return (state, Threw(e));
        }
    }
}

/// <summary>
/// The specification of a workload: its state starts at <c>initial</c> and each call moves it as the call's
/// <see cref="Call{TObject, TState}.Spec"/> says. Histories split by <see cref="Call{TObject, TState}.Key"/>
/// when every call has one.
/// </summary>
internal sealed class CallModel<TObject, TState>(TState initial, IEqualityComparer<TState> comparer, Func<TState, string> describe)
    : ILinearizabilityModel<TState, Call<TObject, TState>, string>
{
    public TState Init() => initial;

    public (bool Ok, TState Next) Step(TState state, Call<TObject, TState> input, string output)
    {
        if (input.Judge is { } judge)
        {
            return judge(state, output);
        }

        var (next, expected) = input.Spec(state);
        return string.Equals(expected, output, StringComparison.Ordinal) ? (true, next) : (false, state);
    }

    /// <summary>A pending call took effect with the answer it would have given (a judged one: as if it lost, changing nothing).</summary>
    public TState StepPending(TState state, Call<TObject, TState> input) =>
        input.Judge is null ? input.Spec(state).Next : state;

    public IEqualityComparer<TState> StateComparer => comparer;

    public string DescribeState(TState state) => describe(state);

    public string DescribeOutput(Call<TObject, TState> input, string output) => output;

    public IReadOnlyList<History<Call<TObject, TState>, string>> Partition(History<Call<TObject, TState>, string> history) =>
        history.Operations.Any(o => o.Input.Key is null)
            ? [history]
            : [.. history.Operations.GroupBy(o => o.Input.Key!).Select(g => new History<Call<TObject, TState>, string>(g))];
}

/// <summary>Structural equality of the specification states used here.</summary>
internal static class States
{
    public static readonly IEqualityComparer<ImmutableArray<int>> List = new ListComparer();

    public static readonly IEqualityComparer<ImmutableDictionary<int, int>> Dictionary = new DictionaryComparer();

    public static readonly IEqualityComparer<ImmutableSortedSet<int>> Set = new SetComparer();

    private sealed class ListComparer : IEqualityComparer<ImmutableArray<int>>
    {
        public bool Equals(ImmutableArray<int> x, ImmutableArray<int> y) => x.AsSpan().SequenceEqual(y.AsSpan());

        public int GetHashCode(ImmutableArray<int> obj)
        {
            var hash = new HashCode();
            foreach (int x in obj)
            {
                hash.Add(x);
            }

            return hash.ToHashCode();
        }
    }

    private sealed class DictionaryComparer : IEqualityComparer<ImmutableDictionary<int, int>>
    {
        public bool Equals(ImmutableDictionary<int, int>? x, ImmutableDictionary<int, int>? y) =>
            x!.Count == y!.Count && x.All(e => y.TryGetValue(e.Key, out int v) && v == e.Value);

        public int GetHashCode(ImmutableDictionary<int, int> obj) => obj.Aggregate(obj.Count, (h, e) => h + HashCode.Combine(e.Key, e.Value));
    }

    private sealed class SetComparer : IEqualityComparer<ImmutableSortedSet<int>>
    {
        public bool Equals(ImmutableSortedSet<int>? x, ImmutableSortedSet<int>? y) => x!.SetEquals(y!);

        public int GetHashCode(ImmutableSortedSet<int> obj) => obj.Aggregate(obj.Count, (h, x) => h + x.GetHashCode());
    }
}

/// <summary>
/// Runs a workload: rounds of <c>threads</c> threads each making <c>callsPerThread</c> random calls on a fresh
/// object, every call recorded with its invocation and response time, each round's history checked for
/// linearizability against the specification. It runs for <see cref="Seconds"/> (at least one round).
/// </summary>
internal static class Workload
{
    /// <summary>How long each workload runs: <c>COW_LINCHECK_SECONDS</c> for soak runs, 2 s by default.</summary>
    public static double Seconds =>
        double.TryParse(Environment.GetEnvironmentVariable("COW_LINCHECK_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s > 0 ? s : 2;

    /// <summary>The seed of a run: <c>COW_LINCHECK_SEED</c> replays one, otherwise a fresh one.</summary>
    public static int Seed() =>
        int.TryParse(Environment.GetEnvironmentVariable("COW_LINCHECK_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int s) ? s : Random.Shared.Next();

    /// <summary>
    /// Runs rounds until the time is up or a round is not linearizable, and returns the totals and the first
    /// failing round's report (null when every round passed).
    /// </summary>
    public static WorkloadResult Run<TObject, TState>(
        string name,
        Func<TObject> create,
        CallModel<TObject, TState> model,
        Func<Random, Call<TObject, TState>> next,
        int threads,
        int callsPerThread,
        double seconds,
        int seed)
    {
        var clock = Stopwatch.StartNew();
        long calls = 0;
        int rounds = 0;
        var checking = TimeSpan.Zero;
        do
        {
            int roundSeed = unchecked(seed + (rounds * 7919));
            var history = Record(create(), next, threads, callsPerThread, roundSeed);
            var result = LinearizabilityChecker.Check(model, history, new CheckOptions { Seed = $"{seed} (round {rounds}, COW_LINCHECK_SEED={seed})", Timeout = TimeSpan.FromSeconds(30) });
            checking += result.Elapsed;
            rounds++;
            calls += history.Count;
            if (result.Outcome == CheckOutcome.Timeout)
            {
                throw new InvalidOperationException($"{name}: checking round {rounds - 1} timed out (seed {seed}); make the rounds smaller.");
            }

            if (!result.IsOk)
            {
                return new WorkloadResult(name, rounds, calls, clock.Elapsed, checking, $"{name}: not linearizable\n{result.Report}");
            }
        }
        while (clock.Elapsed.TotalSeconds < seconds);

        return new WorkloadResult(name, rounds, calls, clock.Elapsed, checking, null);
    }

    /// <summary>Runs and fails the test with the checker's report (shortest failing sub-history, seed) unless every round is linearizable; prints the totals.</summary>
    public static WorkloadResult Check<TObject, TState>(
        ITestOutputHelper output,
        string name,
        Func<TObject> create,
        CallModel<TObject, TState> model,
        Func<Random, Call<TObject, TState>> next,
        int threads = 4,
        int callsPerThread = 150)
    {
        int seed = Seed();
        var result = Run(name, create, model, next, threads, callsPerThread, Seconds, seed);
        output.WriteLine(result.ToString());
        output.WriteLine($"replay: COW_LINCHECK_SEED={seed}");
        Assert.True(result.Failure is null, result.Failure);
        return result;
    }

    /// <summary>One round: the threads start together and each records its calls in its own buffer.</summary>
    public static History<Call<TObject, TState>, string> Record<TObject, TState>(TObject target, Func<Random, Call<TObject, TState>> next, int threads, int callsPerThread, int seed)
    {
        var recorder = new HistoryRecorder<Call<TObject, TState>, string>(threads, callsPerThread);
        Together(threads, t =>
        {
            var me = recorder.ForThread(t);
            var random = new Random(seed + t);
            var calls = new Call<TObject, TState>[callsPerThread];
            for (int i = 0; i < calls.Length; i++)
            {
                calls[i] = next(random);
            }

            return () =>
            {
                foreach (var call in calls)
                {
                    me.Invoke(call);
                    string answer = call.Run(target);
                    me.Return(answer);
                }
            };
        });
        return recorder.ToHistory();
    }

    /// <summary>
    /// Runs <paramref name="count"/> threads and waits for them: thread i runs <c>prepare(i)</c> (its setup), then
    /// all wait for each other, then each runs the action its <c>prepare</c> returned, so the interesting parts
    /// start together.
    /// </summary>
    public static void Together(int count, Func<int, Action> prepare)
    {
        using var start = new Barrier(count);
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            var run = prepare(i);
            start.SignalAndWait();
            run();
        })).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }
    }

    /// <summary>Picks one of <paramref name="choices"/> by weight.</summary>
    public static Func<Random, T> Weighted<T>(params (int Weight, Func<Random, T> Make)[] choices)
    {
        int total = choices.Sum(c => c.Weight);
        return random =>
        {
            int pick = random.Next(total);
            foreach (var (weight, make) in choices)
            {
                if (pick < weight)
                {
                    return make(random);
                }

                pick -= weight;
            }

            throw new InvalidOperationException("unreachable");
        };
    }
}

/// <summary>The totals of a workload run.</summary>
internal sealed record WorkloadResult(string Name, int Rounds, long Calls, TimeSpan Elapsed, TimeSpan Checking, string? Failure)
{
    public override string ToString() =>
        $"{Name}: {Calls:N0} calls in {Rounds:N0} rounds checked in {Elapsed.TotalSeconds:0.0} s (checker {Checking.TotalSeconds:0.0} s){(Failure is null ? ", linearizable" : ", NOT linearizable")}";
}
