// The Wing & Gong linearizability search with Lowe's memoization (the "WGL" algorithm).
//
// Invariants of Run:
// - The history is a doubly linked list of entries: one call and one return per operation, sorted by time
//   (a call before a return at the same timestamp, so operations touching in time count as concurrent).
//   Node 0 is the head sentinel; a pending operation's return sits at +infinity, after every other entry.
// - The entries still in the list are exactly those of operations not yet linearized. Linearizing an
//   operation lifts its call and return out of the list; backtracking unlifts them in the reverse order
//   (dancing links: a lifted node keeps its own prev/next, so reinsertion restores the list exactly).
// - The stack holds, bottom to top, the call entries linearized so far with the state before each; `state`
//   is the model's state after all of them, and `linearized` has one bit set per operation on the stack.
// - An operation may be linearized next only if its call comes before the first return in the list (no
//   unlinearized operation finished before it started): the scan walks calls from the head and stops at the
//   first return entry. Reaching a return means its operation cannot be placed in this prefix: backtrack.
// - The cache holds every (linearized set, state) pair ever pushed. Two prefixes that linearize the same set
//   of operations into the same state have the same futures, so a pair already in the cache is not explored
//   again (Lowe's memoization). This is why states need structural equality and hashing.
// - The search succeeds when the list is empty, fails when a return is reached with an empty stack, and
//   gives up (timeout) when the deadline passes; it is iterative (no recursion), so depth is not bounded by
//   the thread's stack.
using System.Diagnostics;
using System.Text;

namespace CowCollections.Linearizability;

/// <summary>The verdict of a linearizability check.</summary>
public enum CheckOutcome
{
    /// <summary>Every partition of the history has a linearization.</summary>
    Ok,

    /// <summary>Some partition has none: the history is not linearizable.</summary>
    Illegal,

    /// <summary>The time budget ran out before a verdict (no partition was found illegal).</summary>
    Timeout,
}

/// <summary>Budgets and labels of a check.</summary>
public sealed record CheckOptions
{
    /// <summary>The time the search may take over all partitions (shrinking is budgeted separately). Default 10 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether an illegal partition is shrunk to a smaller illegal sub-history. Default true.</summary>
    public bool Shrink { get; init; } = true;

    /// <summary>The time shrinking may take. Default 2 s.</summary>
    public TimeSpan ShrinkBudget { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The caller's replay seed (of the workload that produced the history), printed with any failure.</summary>
    public string? Seed { get; init; }
}

/// <summary>The result of <see cref="LinearizabilityChecker.Check"/>.</summary>
/// <typeparam name="TInput">The operation and its arguments.</typeparam>
/// <typeparam name="TOutput">The operation's result.</typeparam>
public sealed class CheckResult<TInput, TOutput>
{
    internal CheckResult(CheckOutcome outcome, string? seed, int partitions, TimeSpan elapsed)
    {
        Outcome = outcome;
        Seed = seed;
        Partitions = partitions;
        Elapsed = elapsed;
    }

    /// <summary>The verdict.</summary>
    public CheckOutcome Outcome { get; }

    /// <summary>True when the outcome is <see cref="CheckOutcome.Ok"/>.</summary>
    public bool IsOk => Outcome == CheckOutcome.Ok;

    /// <summary>The caller's replay seed (<see cref="CheckOptions.Seed"/>).</summary>
    public string? Seed { get; }

    /// <summary>How many independent sub-histories the model split the history into.</summary>
    public int Partitions { get; }

    /// <summary>The time the search took (without shrinking).</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>On <see cref="CheckOutcome.Illegal"/>: the partition that has no linearization.</summary>
    public History<TInput, TOutput>? FailingPartition { get; internal set; }

    /// <summary>On <see cref="CheckOutcome.Illegal"/>: a sub-history of <see cref="FailingPartition"/> that is still illegal (shrunk within the budget; the whole partition when shrinking is off).</summary>
    public History<TInput, TOutput>? MinimalHistory { get; internal set; }

    /// <summary>On <see cref="CheckOutcome.Illegal"/>: the longest linearization of <see cref="FailingPartition"/>'s operations the search found, in order.</summary>
    public IReadOnlyList<Operation<TInput, TOutput>> LongestPrefix { get; internal set; } = [];

    /// <summary>On <see cref="CheckOutcome.Illegal"/>: the model's state after <see cref="LongestPrefix"/>.</summary>
    public string? StateAfterPrefix { get; internal set; }

    /// <summary>On <see cref="CheckOutcome.Illegal"/>: the operations that were candidates to come next after <see cref="LongestPrefix"/> and none of which could.</summary>
    public IReadOnlyList<Operation<TInput, TOutput>> CouldNotLinearize { get; internal set; } = [];

    /// <summary>A human-readable account of the verdict: on failure the seed, the failing sub-history, the longest linearizable prefix and the stuck operations.</summary>
    public string Report { get; internal set; } = string.Empty;

    /// <summary>Throws a <see cref="LinearizabilityException"/> carrying <see cref="Report"/> unless the outcome is <see cref="CheckOutcome.Ok"/>.</summary>
    public void ThrowIfNotOk()
    {
        if (!IsOk)
        {
            throw new LinearizabilityException(Report);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Report;
}

/// <summary>A history failed a linearizability check (or the check timed out); the message is the check's report.</summary>
public sealed class LinearizabilityException : Exception
{
    /// <summary>Creates the exception with no report.</summary>
    public LinearizabilityException()
    {
    }

    /// <summary>Creates the exception with a report.</summary>
    public LinearizabilityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a report and a cause.</summary>
    public LinearizabilityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Checks histories against a sequential model with the WGL search (see the invariants at the top of this file).</summary>
public static class LinearizabilityChecker
{
    /// <summary>
    /// Checks whether <paramref name="history"/> is linearizable with respect to <paramref name="model"/>:
    /// partitions it with <see cref="ILinearizabilityModel{TState,TInput,TOutput}.Partition"/>, searches each
    /// part within <see cref="CheckOptions.Timeout"/>, and on failure shrinks the failing part and reports it.
    /// </summary>
    public static CheckResult<TInput, TOutput> Check<TState, TInput, TOutput>(
        ILinearizabilityModel<TState, TInput, TOutput> model,
        History<TInput, TOutput> history,
        CheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(history);
        options ??= new CheckOptions();
        long start = Stopwatch.GetTimestamp();
        long deadline = Deadline(start, options.Timeout);
        var partitions = model.Partition(history);
        int timedOut = -1;
        for (int index = 0; index < partitions.Count; index++)
        {
            var part = partitions[index];
            var run = Run(model, part.Operations, deadline);
            if (run.Outcome == CheckOutcome.Illegal)
            {
                var elapsed = Stopwatch.GetElapsedTime(start);
                return Illegal(model, part, index, run, options, partitions.Count, elapsed);
            }

            if (run.Outcome == CheckOutcome.Timeout)
            {
                timedOut = index;
                break;
            }
        }

        var outcome = timedOut >= 0 ? CheckOutcome.Timeout : CheckOutcome.Ok;
        var result = new CheckResult<TInput, TOutput>(outcome, options.Seed, partitions.Count, Stopwatch.GetElapsedTime(start));
        result.Report = timedOut >= 0
            ? $"Linearizability check timed out after {options.Timeout.TotalSeconds:0.###} s in partition {timedOut + 1} of {partitions.Count} ({partitions[timedOut].Count} of {history.Count} operations; the partitions before it are linearizable; seed: {options.Seed ?? "none"})."
            : $"Linearizable ({history.Count} operations, {partitions.Count} partitions, {result.Elapsed.TotalMilliseconds:0.#} ms, seed: {options.Seed ?? "none"}).";
        return result;
    }

    private static long Deadline(long start, TimeSpan budget)
    {
        double ticks = budget.TotalSeconds * Stopwatch.Frequency;
        return ticks >= long.MaxValue - start ? long.MaxValue : start + (long)ticks;
    }

    private static CheckResult<TInput, TOutput> Illegal<TState, TInput, TOutput>(
        ILinearizabilityModel<TState, TInput, TOutput> model,
        History<TInput, TOutput> part,
        int partIndex,
        RunResult<TState> run,
        CheckOptions options,
        int partitions,
        TimeSpan elapsed)
    {
        var ops = part.Operations;
        var minimal = part;
        if (options.Shrink)
        {
            var shrunk = Shrink(model, ops, Deadline(Stopwatch.GetTimestamp(), options.ShrinkBudget));
            if (shrunk.Count < ops.Count)
            {
                minimal = new History<TInput, TOutput>(shrunk);
            }
        }

        var result = new CheckResult<TInput, TOutput>(CheckOutcome.Illegal, options.Seed, partitions, elapsed)
        {
            FailingPartition = part,
            MinimalHistory = minimal,
            LongestPrefix = run.Prefix.Select(i => ops[i]).ToArray(),
            StateAfterPrefix = model.DescribeState(run.StateAfterPrefix),
            CouldNotLinearize = run.Stuck.Select(i => ops[i]).ToArray(),
        };

        string Line(Operation<TInput, TOutput> op, long origin) => op.Format(origin, op.IsPending ? null : model.DescribeOutput(op.Input, op.Output));
        long origin = ops.Count == 0 ? 0 : ops.Min(o => o.Invoke);
        var sb = new StringBuilder();
        sb.AppendLine($"Not linearizable (seed: {options.Seed ?? "none"}).");
        sb.AppendLine($"A still-illegal sub-history of {minimal.Count} operations (of the {part.Count} in partition {partIndex + 1} of {partitions}, the first found illegal):");
        long minimalOrigin = minimal.Count == 0 ? 0 : minimal.Operations.Min(m => m.Invoke);
        AppendBounded(sb, minimal.Operations.OrderBy(o => o.Invoke).ThenBy(o => o.Id).Select(o => "  " + Line(o, minimalOrigin)).ToList());
        sb.AppendLine($"In the failing partition ({part.Count} operations, timestamps relative to its first invocation), the longest linearizable prefix found has {result.LongestPrefix.Count} operations:");
        AppendBounded(sb, result.LongestPrefix.Select((o, i) => $"  {i + 1,5}. {Line(o, origin)}").ToList());
        sb.AppendLine($"State after it: {result.StateAfterPrefix}");
        sb.AppendLine("None of these could be linearized next:");
        foreach (var op in result.CouldNotLinearize)
        {
            sb.AppendLine($"         {Line(op, origin)}");
        }

        sb.AppendLine($"Replay seed: {options.Seed ?? "none"}");
        result.Report = sb.ToString();
        return result;
    }

    /// <summary>Appends at most the first 20 and last 60 lines, with a count of those left out.</summary>
    private static void AppendBounded(StringBuilder sb, List<string> lines)
    {
        const int Head = 20;
        const int Tail = 60;
        for (int i = 0; i < lines.Count; i++)
        {
            if (i == Head && lines.Count > Head + Tail)
            {
                sb.AppendLine($"  ... {lines.Count - Head - Tail} operations left out ...");
                i = lines.Count - Tail;
            }

            sb.AppendLine(lines[i]);
        }
    }

    /// <summary>Removes chunks of operations (halving the chunk size down to one) while the rest stays illegal, until the deadline.</summary>
    private static List<Operation<TInput, TOutput>> Shrink<TState, TInput, TOutput>(
        ILinearizabilityModel<TState, TInput, TOutput> model,
        IReadOnlyList<Operation<TInput, TOutput>> operations,
        long deadline)
    {
        var current = operations.ToList();
        for (int chunk = Math.Max(1, current.Count / 2); chunk >= 1; chunk /= 2)
        {
            int i = 0;
            while (i < current.Count)
            {
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    return current;
                }

                var candidate = new List<Operation<TInput, TOutput>>(current.Count);
                candidate.AddRange(current.Take(i));
                candidate.AddRange(current.Skip(i + chunk));
                if (candidate.Count > 0 && Run(model, candidate, deadline).Outcome == CheckOutcome.Illegal)
                {
                    current = candidate;
                }
                else
                {
                    i += chunk;
                }
            }
        }

        return current;
    }

    internal readonly struct RunResult<TState>
    {
        public RunResult(CheckOutcome outcome, int[] prefix, TState stateAfterPrefix, int[] stuck)
        {
            Outcome = outcome;
            Prefix = prefix;
            StateAfterPrefix = stateAfterPrefix;
            Stuck = stuck;
        }

        public CheckOutcome Outcome { get; }

        public int[] Prefix { get; }

        public TState StateAfterPrefix { get; }

        public int[] Stuck { get; }
    }

    /// <summary>The WGL search over one partition; indexes in the result are positions in <paramref name="ops"/>.</summary>
    internal static RunResult<TState> Run<TState, TInput, TOutput>(
        ILinearizabilityModel<TState, TInput, TOutput> model,
        IReadOnlyList<Operation<TInput, TOutput>> ops,
        long deadline)
    {
        int n = ops.Count;
        var init = model.Init();
        if (n == 0)
        {
            return new RunResult<TState>(CheckOutcome.Ok, [], init, []);
        }

        // Entries: node 0 is the head; nodes 1..2n are the calls and returns sorted by time.
        var events = new (long Time, int Kind, int Op)[2 * n];
        for (int i = 0; i < n; i++)
        {
            events[2 * i] = (ops[i].Invoke, 0, i);
            events[(2 * i) + 1] = (ops[i].IsPending ? long.MaxValue : ops[i].Response, 1, i);
        }

        Array.Sort(events);
        int nodes = (2 * n) + 1;
        var next = new int[nodes];
        var prev = new int[nodes];
        var match = new int[nodes];
        var opOf = new int[nodes];
        var callNode = new int[n];
        for (int k = 0; k < events.Length; k++)
        {
            int node = k + 1;
            opOf[node] = events[k].Op;
            if (events[k].Kind == 0)
            {
                callNode[events[k].Op] = node;
            }
            else
            {
                match[node] = -1;
            }
        }

        for (int k = 0; k < events.Length; k++)
        {
            if (events[k].Kind == 1)
            {
                match[callNode[events[k].Op]] = k + 1;
            }
        }

        for (int node = 0; node < nodes; node++)
        {
            prev[node] = node - 1;
            next[node] = node + 1 < nodes ? node + 1 : -1;
        }

        match[0] = -1;

        var stateComparer = model.StateComparer;
        var cache = new HashSet<CacheKey<TState>>(new CacheKeyComparer<TState>(stateComparer));
        var linearized = new ulong[(n + 63) / 64];
        long linearizedHash = 0;
        var stack = new List<(int Node, TState Before)>();
        var state = init;
        int[] bestPrefix = [];
        int[] bestStuck = [];
        var bestState = init;
        int bestDepth = -1;
        long iterations = 0;
        int entry = next[0];

        while (next[0] != -1)
        {
            if ((++iterations & 1023) == 0 && Stopwatch.GetTimestamp() > deadline)
            {
                return new RunResult<TState>(CheckOutcome.Timeout, bestPrefix, bestState, bestStuck);
            }

            if (match[entry] != -1)
            {
                // A call entry: try to linearize its operation now.
                int op = opOf[entry];
                var operation = ops[op];
                var (ok, newState) = operation.IsPending
                    ? (true, model.StepPending(state, operation.Input))
                    : model.Step(state, operation.Input, operation.Output);
                if (ok)
                {
                    linearized[op >> 6] |= 1UL << (op & 63);
                    linearizedHash ^= Zobrist(op);
                    var probe = new CacheKey<TState>(linearized, linearizedHash, newState, newState is null ? 0 : stateComparer.GetHashCode(newState));
                    if (!cache.Contains(probe))
                    {
                        cache.Add(probe with { Bits = (ulong[])linearized.Clone() });
                        stack.Add((entry, state));
                        state = newState;
                        Lift(entry, next, prev, match);
                        entry = next[0];
                        continue;
                    }

                    linearized[op >> 6] &= ~(1UL << (op & 63));
                    linearizedHash ^= Zobrist(op);
                }

                entry = next[entry];
            }
            else
            {
                // A return entry: its operation was not linearized before it returned, so this prefix is a dead end.
                if (stack.Count > bestDepth)
                {
                    bestDepth = stack.Count;
                    bestPrefix = stack.Select(f => opOf[f.Node]).ToArray();
                    bestState = state;
                    var stuck = new List<int>();
                    for (int e = next[0]; e != -1 && e != entry; e = next[e])
                    {
                        if (match[e] != -1)
                        {
                            stuck.Add(opOf[e]);
                        }
                    }

                    bestStuck = stuck.ToArray();
                }

                if (stack.Count == 0)
                {
                    return new RunResult<TState>(CheckOutcome.Illegal, bestPrefix, bestState, bestStuck);
                }

                var (top, before) = stack[^1];
                stack.RemoveAt(stack.Count - 1);
                state = before;
                int undone = opOf[top];
                linearized[undone >> 6] &= ~(1UL << (undone & 63));
                linearizedHash ^= Zobrist(undone);
                Unlift(top, next, prev, match);
                entry = next[top];
            }
        }

        return new RunResult<TState>(CheckOutcome.Ok, stack.Select(f => opOf[f.Node]).ToArray(), state, []);
    }

    /// <summary>Removes a call entry and its return from the list; both keep their own links for <see cref="Unlift"/>.</summary>
    private static void Lift(int call, int[] next, int[] prev, int[] match)
    {
        next[prev[call]] = next[call];
        if (next[call] != -1)
        {
            prev[next[call]] = prev[call];
        }

        int ret = match[call];
        next[prev[ret]] = next[ret];
        if (next[ret] != -1)
        {
            prev[next[ret]] = prev[ret];
        }
    }

    /// <summary>Reinserts a lifted call entry and its return (the reverse of <see cref="Lift"/>).</summary>
    private static void Unlift(int call, int[] next, int[] prev, int[] match)
    {
        int ret = match[call];
        next[prev[ret]] = ret;
        if (next[ret] != -1)
        {
            prev[next[ret]] = ret;
        }

        next[prev[call]] = call;
        if (next[call] != -1)
        {
            prev[next[call]] = call;
        }
    }

    /// <summary>A fixed pseudo-random 64-bit key per operation (SplitMix64); the linearized set's hash is the XOR of its members' keys.</summary>
    private static long Zobrist(int op)
    {
        ulong z = (ulong)(op + 1) * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (long)(z ^ (z >> 31));
    }

    private readonly record struct CacheKey<TState>(ulong[] Bits, long BitsHash, TState State, int StateHash);

    private sealed class CacheKeyComparer<TState>(IEqualityComparer<TState> states) : IEqualityComparer<CacheKey<TState>>
    {
        public bool Equals(CacheKey<TState> x, CacheKey<TState> y) =>
            x.BitsHash == y.BitsHash
            && x.StateHash == y.StateHash
            && x.Bits.AsSpan().SequenceEqual(y.Bits)
            && states.Equals(x.State, y.State);

        public int GetHashCode(CacheKey<TState> obj) => HashCode.Combine(obj.BitsHash, obj.StateHash);
    }
}
