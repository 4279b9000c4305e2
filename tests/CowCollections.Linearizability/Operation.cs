using System.Globalization;
using System.Text;

namespace CowCollections.Linearizability;

/// <summary>
/// One completed or pending operation of a concurrent history: which thread ran it, what it was asked
/// (<see cref="Input"/>, which also names the operation's kind), what it answered (<see cref="Output"/>), and
/// the interval it ran in. Timestamps are <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> ticks for
/// recorded histories, or any monotonic integers for hand-written ones.
/// </summary>
/// <typeparam name="TInput">The operation and its arguments.</typeparam>
/// <typeparam name="TOutput">The operation's result.</typeparam>
/// <param name="Id">The operation's index in the history it was first recorded in (kept by partitions and shrinking).</param>
/// <param name="Thread">The thread (client) that ran the operation.</param>
/// <param name="Input">The operation and its arguments.</param>
/// <param name="Output">The result; meaningless when <see cref="IsPending"/>.</param>
/// <param name="Invoke">When the operation was invoked.</param>
/// <param name="Response">When it returned; <see cref="long.MaxValue"/> (+infinity) when it never did.</param>
public sealed record Operation<TInput, TOutput>(int Id, int Thread, TInput Input, TOutput Output, long Invoke, long Response)
{
    /// <summary>The response timestamp of an operation that never returned (it threw, hung or timed out).</summary>
    public const long PendingResponse = long.MaxValue;

    /// <summary>True when the operation never returned: it may have taken effect at any time after its invocation, or never.</summary>
    public bool IsPending => Response == PendingResponse;

    /// <summary>The operation's name: its input's text.</summary>
    public string Name => Input?.ToString() ?? "null";

    /// <summary>Formats the operation on one line, with timestamps relative to <paramref name="origin"/> and the output as <paramref name="outputText"/> (its ToString when null).</summary>
    public string Format(long origin, string? outputText = null)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"#{Id,-4} t{Thread,-3} {Name} -> ");
        sb.Append(IsPending ? "(pending)" : outputText ?? Output?.ToString() ?? "null");
        sb.Append(CultureInfo.InvariantCulture, $"   [{Invoke - origin} .. {(IsPending ? "inf" : (Response - origin).ToString(CultureInfo.InvariantCulture))}]");
        return sb.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => Format(0);
}

/// <summary>An immutable list of operations, in the order they were recorded (usually by invocation time).</summary>
/// <typeparam name="TInput">The operation and its arguments.</typeparam>
/// <typeparam name="TOutput">The operation's result.</typeparam>
public sealed class History<TInput, TOutput>
{
    /// <summary>Creates a history of the given operations (copied).</summary>
    public History(IEnumerable<Operation<TInput, TOutput>> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        Operations = operations.ToArray();
    }

    /// <summary>The operations.</summary>
    public IReadOnlyList<Operation<TInput, TOutput>> Operations { get; }

    /// <summary>The number of operations.</summary>
    public int Count => Operations.Count;

    /// <summary>The operations whose <see cref="Operation{TInput,TOutput}.Input"/> satisfies <paramref name="predicate"/>, as a sub-history.</summary>
    public History<TInput, TOutput> Where(Func<Operation<TInput, TOutput>, bool> predicate) => new(Operations.Where(predicate));

    /// <summary>One line per operation, sorted by invocation, timestamps relative to the earliest invocation; outputs written by <paramref name="describeOutput"/> when given.</summary>
    public string Format(Func<TInput, TOutput, string>? describeOutput = null)
    {
        if (Operations.Count == 0)
        {
            return "  (no operations)" + Environment.NewLine;
        }

        long origin = Operations.Min(o => o.Invoke);
        var sb = new StringBuilder();
        foreach (var op in Operations.OrderBy(o => o.Invoke).ThenBy(o => o.Id))
        {
            sb.Append("  ").AppendLine(op.Format(origin, describeOutput?.Invoke(op.Input, op.Output)));
        }

        return sb.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => Format(null);
}

/// <summary>Builds histories by hand (tests): each call appends one operation with the next id.</summary>
/// <typeparam name="TInput">The operation and its arguments.</typeparam>
/// <typeparam name="TOutput">The operation's result.</typeparam>
public sealed class HistoryBuilder<TInput, TOutput>
{
    private readonly List<Operation<TInput, TOutput>> _operations = [];

    /// <summary>Appends an operation that ran from <paramref name="invoke"/> to <paramref name="response"/>.</summary>
    public HistoryBuilder<TInput, TOutput> Add(int thread, TInput input, TOutput output, long invoke, long response)
    {
        if (response < invoke)
        {
            throw new ArgumentOutOfRangeException(nameof(response), "An operation cannot return before it is invoked.");
        }

        _operations.Add(new Operation<TInput, TOutput>(_operations.Count, thread, input, output, invoke, response));
        return this;
    }

    /// <summary>Appends an operation invoked at <paramref name="invoke"/> that never returned.</summary>
    public HistoryBuilder<TInput, TOutput> Pending(int thread, TInput input, long invoke)
    {
        _operations.Add(new Operation<TInput, TOutput>(_operations.Count, thread, input, default!, invoke, Operation<TInput, TOutput>.PendingResponse));
        return this;
    }

    /// <summary>The history built so far.</summary>
    public History<TInput, TOutput> Build() => new(_operations);
}
