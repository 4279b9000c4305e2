using System.Collections.Immutable;

namespace CowCollections.Linearizability;

/// <summary>The kinds of list operation.</summary>
public enum ListOpKind
{
    /// <summary>Appends <see cref="ListOp{T}.Value"/>.</summary>
    Add,

    /// <summary>Inserts <see cref="ListOp{T}.Value"/> at <see cref="ListOp{T}.Index"/> (0..Count).</summary>
    Insert,

    /// <summary>Removes the element at <see cref="ListOp{T}.Index"/>.</summary>
    RemoveAt,

    /// <summary>Replaces the element at <see cref="ListOp{T}.Index"/> with <see cref="ListOp{T}.Value"/>.</summary>
    Set,

    /// <summary>Removes every element.</summary>
    Clear,

    /// <summary>Reads the whole list.</summary>
    Snapshot,

    /// <summary>Reads the number of elements.</summary>
    Count,

    /// <summary>Reads the element at <see cref="ListOp{T}.Index"/>.</summary>
    Get,
}

/// <summary>An operation on a list.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <param name="Kind">The operation.</param>
/// <param name="Index">The position (Insert, RemoveAt, Set, Get).</param>
/// <param name="Value">The element (Add, Insert, Set).</param>
public readonly record struct ListOp<T>(ListOpKind Kind, int Index, T Value)
{
    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        ListOpKind.Add => $"Add({Value})",
        ListOpKind.Insert => $"Insert({Index}, {Value})",
        ListOpKind.RemoveAt => $"RemoveAt({Index})",
        ListOpKind.Set => $"Set({Index}, {Value})",
        ListOpKind.Clear => "Clear()",
        ListOpKind.Snapshot => "Snapshot()",
        ListOpKind.Count => "Count()",
        _ => $"Get({Index})",
    };
}

/// <summary>
/// A list operation's result. <see cref="OutOfRange"/> is true when the operation threw
/// <see cref="ArgumentOutOfRangeException"/> (a bad index); otherwise the field the kind answers holds the
/// answer: <see cref="Value"/> (Get), <see cref="Count"/> (Count) or <see cref="Items"/> (Snapshot).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <param name="OutOfRange">Whether the index was out of range.</param>
/// <param name="Value">The element read.</param>
/// <param name="Count">The count read.</param>
/// <param name="Items">The elements read.</param>
public readonly record struct ListResult<T>(bool OutOfRange, T Value, int Count, ImmutableArray<T> Items)
{
    /// <inheritdoc/>
    public override string ToString() =>
        OutOfRange ? "out of range" : !Items.IsDefault ? "[" + string.Join(", ", Items) + "]" : $"{Value}/{Count}";
}

/// <summary>Factories for <see cref="ListOp{T}"/> and <see cref="ListResult{T}"/>.</summary>
public static class ListOps
{
    /// <summary>Appends <paramref name="value"/>.</summary>
    public static ListOp<T> Add<T>(T value) => new(ListOpKind.Add, 0, value);

    /// <summary>Inserts <paramref name="value"/> at <paramref name="index"/>.</summary>
    public static ListOp<T> Insert<T>(int index, T value) => new(ListOpKind.Insert, index, value);

    /// <summary>Removes the element at <paramref name="index"/>.</summary>
    public static ListOp<T> RemoveAt<T>(int index) => new(ListOpKind.RemoveAt, index, default!);

    /// <summary>Replaces the element at <paramref name="index"/>.</summary>
    public static ListOp<T> Set<T>(int index, T value) => new(ListOpKind.Set, index, value);

    /// <summary>Removes every element.</summary>
    public static ListOp<T> Clear<T>() => new(ListOpKind.Clear, 0, default!);

    /// <summary>Reads the whole list.</summary>
    public static ListOp<T> Snapshot<T>() => new(ListOpKind.Snapshot, 0, default!);

    /// <summary>Reads the count.</summary>
    public static ListOp<T> Count<T>() => new(ListOpKind.Count, 0, default!);

    /// <summary>Reads the element at <paramref name="index"/>.</summary>
    public static ListOp<T> Get<T>(int index) => new(ListOpKind.Get, index, default!);

    /// <summary>The result of an operation that answers nothing (Add, Insert, RemoveAt, Set, Clear in range).</summary>
    public static ListResult<T> Done<T>() => default;

    /// <summary>The result of an operation whose index was out of range.</summary>
    public static ListResult<T> OutOfRange<T>() => new(true, default!, 0, default);

    /// <summary>A Get's result.</summary>
    public static ListResult<T> Value<T>(T value) => new(false, value, 0, default);

    /// <summary>A Count's result.</summary>
    public static ListResult<T> OfCount<T>(int count) => new(false, default!, count, default);

    /// <summary>A Snapshot's result.</summary>
    public static ListResult<T> Items<T>(IEnumerable<T> items) => new(false, default!, 0, [.. items]);
}

/// <summary>A list with List&lt;T&gt;'s semantics (bad indexes throw and change nothing); the state is a <see cref="ListState{T}"/>.</summary>
/// <typeparam name="T">The element type (compared with <see cref="EqualityComparer{T}.Default"/>).</typeparam>
public sealed class ListModel<T> : SequentialModel<ListState<T>, ListOp<T>, ListResult<T>>
{
    private readonly ListState<T> _initial;

    /// <summary>Creates the model of a list that starts with <paramref name="initial"/> (empty when null).</summary>
    public ListModel(IEnumerable<T>? initial = null)
    {
        _initial = initial is null ? ListState<T>.Empty : new ListState<T>([.. initial]);
    }

    /// <inheritdoc/>
    public override ListState<T> Init() => _initial;

    /// <inheritdoc/>
    public override (ListState<T> Next, ListResult<T> Output) Apply(ListState<T> state, ListOp<T> input)
    {
        var items = state.Items;
        bool inRange = input.Index >= 0 && input.Index < items.Length;
        return input.Kind switch
        {
            ListOpKind.Add => (new ListState<T>(items.Add(input.Value)), ListOps.Done<T>()),
            ListOpKind.Insert when input.Index >= 0 && input.Index <= items.Length => (new ListState<T>(items.Insert(input.Index, input.Value)), ListOps.Done<T>()),
            ListOpKind.RemoveAt when inRange => (new ListState<T>(items.RemoveAt(input.Index)), ListOps.Done<T>()),
            ListOpKind.Set when inRange => (new ListState<T>(items.SetItem(input.Index, input.Value)), ListOps.Done<T>()),
            ListOpKind.Get when inRange => (state, ListOps.Value(items[input.Index])),
            ListOpKind.Clear => (items.IsEmpty ? state : ListState<T>.Empty, ListOps.Done<T>()),
            ListOpKind.Snapshot => (state, new ListResult<T>(false, default!, 0, items)),
            ListOpKind.Count => (state, ListOps.OfCount<T>(items.Length)),
            _ => (state, ListOps.OutOfRange<T>()),
        };
    }

    /// <inheritdoc/>
    public override bool OutputsMatch(ListOp<T> input, ListResult<T> expected, ListResult<T> actual)
    {
        if (expected.OutOfRange || actual.OutOfRange)
        {
            return expected.OutOfRange == actual.OutOfRange;
        }

        return input.Kind switch
        {
            ListOpKind.Get => EqualityComparer<T>.Default.Equals(expected.Value, actual.Value),
            ListOpKind.Count => expected.Count == actual.Count,
            ListOpKind.Snapshot => !actual.Items.IsDefault && expected.Items.AsSpan().SequenceEqual(actual.Items.AsSpan()),
            _ => true,
        };
    }

    /// <inheritdoc/>
    public override string DescribeOutput(ListOp<T> input, ListResult<T> output) => output.OutOfRange ? "out of range" : input.Kind switch
    {
        ListOpKind.Get => output.Value?.ToString() ?? "null",
        ListOpKind.Count => output.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ListOpKind.Snapshot => output.Items.IsDefault ? "(no items)" : "[" + string.Join(", ", output.Items) + "]",
        _ => "ok",
    };
}
