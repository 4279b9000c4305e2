using System.Collections.Immutable;

namespace CowCollections.Linearizability;

/// <summary>The kinds of set operation.</summary>
public enum SetOpKind
{
    /// <summary>Adds the element; answers whether it was absent.</summary>
    Add,

    /// <summary>Removes the element; answers whether it was present.</summary>
    Remove,

    /// <summary>Answers whether the element is present.</summary>
    Contains,

    /// <summary>Reads the number of elements (a whole-state read: the history cannot be partitioned).</summary>
    Count,

    /// <summary>Reads every element (a whole-state read: the history cannot be partitioned).</summary>
    Snapshot,
}

/// <summary>An operation on a set.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <param name="Kind">The operation.</param>
/// <param name="Value">The element (Add, Remove, Contains).</param>
public readonly record struct SetOp<T>(SetOpKind Kind, T Value)
{
    /// <summary>Whether the operation reads the whole set (Count, Snapshot).</summary>
    public bool IsWholeState => Kind is SetOpKind.Count or SetOpKind.Snapshot;

    /// <inheritdoc/>
    public override string ToString() => Kind is SetOpKind.Count or SetOpKind.Snapshot ? $"{Kind}()" : $"{Kind}({Value})";
}

/// <summary>A set operation's result: <see cref="Result"/> (Add, Remove, Contains), <see cref="Count"/> (Count) or <see cref="Items"/> (Snapshot, in any order).</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <param name="Result">The boolean answer.</param>
/// <param name="Count">The count read.</param>
/// <param name="Items">The elements read.</param>
public readonly record struct SetResult<T>(bool Result, int Count, ImmutableArray<T> Items)
{
    /// <inheritdoc/>
    public override string ToString() => !Items.IsDefault ? "{" + string.Join(", ", Items) + "}" : $"{Result}/{Count}";
}

/// <summary>Factories for <see cref="SetOp{T}"/> and <see cref="SetResult{T}"/>.</summary>
public static class SetOps
{
    /// <summary>Adds <paramref name="value"/>.</summary>
    public static SetOp<T> Add<T>(T value) => new(SetOpKind.Add, value);

    /// <summary>Removes <paramref name="value"/>.</summary>
    public static SetOp<T> Remove<T>(T value) => new(SetOpKind.Remove, value);

    /// <summary>Asks whether <paramref name="value"/> is present.</summary>
    public static SetOp<T> Contains<T>(T value) => new(SetOpKind.Contains, value);

    /// <summary>Reads the count.</summary>
    public static SetOp<T> Count<T>() => new(SetOpKind.Count, default!);

    /// <summary>Reads every element.</summary>
    public static SetOp<T> Snapshot<T>() => new(SetOpKind.Snapshot, default!);

    /// <summary>An Add's, Remove's or Contains' result.</summary>
    public static SetResult<T> Bool<T>(bool result) => new(result, 0, default);

    /// <summary>A Count's result.</summary>
    public static SetResult<T> OfCount<T>(int count) => new(false, count, default);

    /// <summary>A Snapshot's result.</summary>
    public static SetResult<T> Items<T>(IEnumerable<T> items) => new(false, 0, [.. items]);
}

/// <summary>
/// A set (Add, Remove, Contains, Count, Snapshot); the state is a <see cref="SetState{T}"/>. With
/// <c>partitionByElement</c> (the default) a history without whole-state reads is split into one
/// sub-history per element, each checked alone.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <param name="partitionByElement">Whether to check each element's operations alone when the history allows it.</param>
public sealed class SetModel<T>(bool partitionByElement = true) : SequentialModel<SetState<T>, SetOp<T>, SetResult<T>>
    where T : notnull
{
    /// <inheritdoc/>
    public override SetState<T> Init() => SetState<T>.Empty;

    /// <inheritdoc/>
    public override (SetState<T> Next, SetResult<T> Output) Apply(SetState<T> state, SetOp<T> input) => input.Kind switch
    {
        SetOpKind.Add => (state.Add(input.Value), SetOps.Bool<T>(!state.Set.Contains(input.Value))),
        SetOpKind.Remove => (state.Remove(input.Value), SetOps.Bool<T>(state.Set.Contains(input.Value))),
        SetOpKind.Contains => (state, SetOps.Bool<T>(state.Set.Contains(input.Value))),
        SetOpKind.Count => (state, SetOps.OfCount<T>(state.Set.Count)),
        _ => (state, SetOps.Items(state.Set)),
    };

    /// <inheritdoc/>
    public override bool OutputsMatch(SetOp<T> input, SetResult<T> expected, SetResult<T> actual) => input.Kind switch
    {
        SetOpKind.Count => expected.Count == actual.Count,
        SetOpKind.Snapshot => !actual.Items.IsDefault && actual.Items.Length == expected.Items.Length && expected.Items.ToHashSet().SetEquals(actual.Items),
        _ => expected.Result == actual.Result,
    };

    /// <inheritdoc/>
    public override string DescribeOutput(SetOp<T> input, SetResult<T> output) => input.Kind switch
    {
        SetOpKind.Count => output.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        SetOpKind.Snapshot => output.Items.IsDefault ? "(no items)" : "{" + string.Join(", ", output.Items) + "}",
        _ => output.Result ? "true" : "false",
    };

    /// <inheritdoc/>
    public override IReadOnlyList<History<SetOp<T>, SetResult<T>>> Partition(History<SetOp<T>, SetResult<T>> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (!partitionByElement || history.Operations.Any(o => o.Input.IsWholeState))
        {
            return [history];
        }

        return history.Operations.GroupBy(o => o.Input.Value).Select(g => new History<SetOp<T>, SetResult<T>>(g)).ToArray();
    }
}
