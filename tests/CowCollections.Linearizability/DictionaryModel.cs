using System.Collections.Immutable;

namespace CowCollections.Linearizability;

/// <summary>The kinds of dictionary operation.</summary>
public enum DictionaryOpKind
{
    /// <summary>Sets <see cref="DictionaryOp{TKey,TValue}.Key"/> to <see cref="DictionaryOp{TKey,TValue}.Value"/> (adds or replaces).</summary>
    Set,

    /// <summary>Removes the key; answers whether it was present.</summary>
    Remove,

    /// <summary>Looks the key up; answers whether it was present and its value.</summary>
    TryGet,

    /// <summary>Answers whether the key is present.</summary>
    ContainsKey,

    /// <summary>Reads the number of entries (a whole-state read: the history cannot be partitioned).</summary>
    Count,

    /// <summary>Reads every entry (a whole-state read: the history cannot be partitioned).</summary>
    Snapshot,
}

/// <summary>An operation on a dictionary.</summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
/// <param name="Kind">The operation.</param>
/// <param name="Key">The key (every kind but Count and Snapshot).</param>
/// <param name="Value">The value set (Set).</param>
public readonly record struct DictionaryOp<TKey, TValue>(DictionaryOpKind Kind, TKey Key, TValue Value)
{
    /// <summary>Whether the operation reads the whole dictionary (Count, Snapshot).</summary>
    public bool IsWholeState => Kind is DictionaryOpKind.Count or DictionaryOpKind.Snapshot;

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        DictionaryOpKind.Set => $"Set({Key}, {Value})",
        DictionaryOpKind.Count => "Count()",
        DictionaryOpKind.Snapshot => "Snapshot()",
        _ => $"{Kind}({Key})",
    };
}

/// <summary>
/// A dictionary operation's result: <see cref="Found"/> (Remove, TryGet, ContainsKey), <see cref="Value"/>
/// (TryGet when found), <see cref="Count"/> (Count) or <see cref="Items"/> (Snapshot, in any order).
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
/// <param name="Found">Whether the key was present.</param>
/// <param name="Value">The value read.</param>
/// <param name="Count">The count read.</param>
/// <param name="Items">The entries read.</param>
public readonly record struct DictionaryResult<TKey, TValue>(bool Found, TValue Value, int Count, ImmutableArray<KeyValuePair<TKey, TValue>> Items)
{
    /// <inheritdoc/>
    public override string ToString() =>
        !Items.IsDefault ? "{" + string.Join(", ", Items.Select(e => $"{e.Key}: {e.Value}")) + "}" : $"{(Found ? "found" : "absent")}/{Value}/{Count}";
}

/// <summary>Factories for <see cref="DictionaryOp{TKey,TValue}"/> and <see cref="DictionaryResult{TKey,TValue}"/>.</summary>
public static class DictionaryOps
{
    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>.</summary>
    public static DictionaryOp<TKey, TValue> Set<TKey, TValue>(TKey key, TValue value) => new(DictionaryOpKind.Set, key, value);

    /// <summary>Removes <paramref name="key"/>.</summary>
    public static DictionaryOp<TKey, TValue> Remove<TKey, TValue>(TKey key) => new(DictionaryOpKind.Remove, key, default!);

    /// <summary>Looks <paramref name="key"/> up.</summary>
    public static DictionaryOp<TKey, TValue> TryGet<TKey, TValue>(TKey key) => new(DictionaryOpKind.TryGet, key, default!);

    /// <summary>Asks whether <paramref name="key"/> is present.</summary>
    public static DictionaryOp<TKey, TValue> ContainsKey<TKey, TValue>(TKey key) => new(DictionaryOpKind.ContainsKey, key, default!);

    /// <summary>Reads the count.</summary>
    public static DictionaryOp<TKey, TValue> Count<TKey, TValue>() => new(DictionaryOpKind.Count, default!, default!);

    /// <summary>Reads every entry.</summary>
    public static DictionaryOp<TKey, TValue> Snapshot<TKey, TValue>() => new(DictionaryOpKind.Snapshot, default!, default!);

    /// <summary>A Set's result.</summary>
    public static DictionaryResult<TKey, TValue> Done<TKey, TValue>() => default;

    /// <summary>A Remove's or ContainsKey's result, or a TryGet's that found nothing.</summary>
    public static DictionaryResult<TKey, TValue> Found<TKey, TValue>(bool found) => new(found, default!, 0, default);

    /// <summary>A TryGet's result that found <paramref name="value"/>.</summary>
    public static DictionaryResult<TKey, TValue> Value<TKey, TValue>(TValue value) => new(true, value, 0, default);

    /// <summary>A Count's result.</summary>
    public static DictionaryResult<TKey, TValue> OfCount<TKey, TValue>(int count) => new(false, default!, count, default);

    /// <summary>A Snapshot's result.</summary>
    public static DictionaryResult<TKey, TValue> Items<TKey, TValue>(IEnumerable<KeyValuePair<TKey, TValue>> items) => new(false, default!, 0, [.. items]);
}

/// <summary>
/// A dictionary (Set, Remove, TryGet, ContainsKey, Count, Snapshot); the state is a <see cref="MapState{TKey,TValue}"/>.
/// With <c>partitionByKey</c> (the default) a history without whole-state reads (Count, Snapshot) is split
/// into one sub-history per key, each checked alone; a history with them is checked whole.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type (compared with <see cref="EqualityComparer{T}.Default"/>).</typeparam>
/// <param name="partitionByKey">Whether to check each key's operations alone when the history allows it.</param>
public sealed class DictionaryModel<TKey, TValue>(bool partitionByKey = true) : SequentialModel<MapState<TKey, TValue>, DictionaryOp<TKey, TValue>, DictionaryResult<TKey, TValue>>
    where TKey : notnull
{
    /// <inheritdoc/>
    public override MapState<TKey, TValue> Init() => MapState<TKey, TValue>.Empty;

    /// <inheritdoc/>
    public override (MapState<TKey, TValue> Next, DictionaryResult<TKey, TValue> Output) Apply(MapState<TKey, TValue> state, DictionaryOp<TKey, TValue> input)
    {
        switch (input.Kind)
        {
            case DictionaryOpKind.Set:
                return (state.SetItem(input.Key, input.Value), DictionaryOps.Done<TKey, TValue>());
            case DictionaryOpKind.Remove:
                return (state.Remove(input.Key), DictionaryOps.Found<TKey, TValue>(state.Map.ContainsKey(input.Key)));
            case DictionaryOpKind.TryGet:
                return (state, state.Map.TryGetValue(input.Key, out var v) ? DictionaryOps.Value<TKey, TValue>(v) : DictionaryOps.Found<TKey, TValue>(false));
            case DictionaryOpKind.ContainsKey:
                return (state, DictionaryOps.Found<TKey, TValue>(state.Map.ContainsKey(input.Key)));
            case DictionaryOpKind.Count:
                return (state, DictionaryOps.OfCount<TKey, TValue>(state.Map.Count));
            default:
                return (state, DictionaryOps.Items(state.Map));
        }
    }

    /// <inheritdoc/>
    public override bool OutputsMatch(DictionaryOp<TKey, TValue> input, DictionaryResult<TKey, TValue> expected, DictionaryResult<TKey, TValue> actual) => input.Kind switch
    {
        DictionaryOpKind.Set => true,
        DictionaryOpKind.Remove or DictionaryOpKind.ContainsKey => expected.Found == actual.Found,
        DictionaryOpKind.TryGet => expected.Found == actual.Found && (!expected.Found || EqualityComparer<TValue>.Default.Equals(expected.Value, actual.Value)),
        DictionaryOpKind.Count => expected.Count == actual.Count,
        _ => SameEntries(expected.Items, actual.Items),
    };

    /// <inheritdoc/>
    public override IReadOnlyList<History<DictionaryOp<TKey, TValue>, DictionaryResult<TKey, TValue>>> Partition(History<DictionaryOp<TKey, TValue>, DictionaryResult<TKey, TValue>> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (!partitionByKey || history.Operations.Any(o => o.Input.IsWholeState))
        {
            return [history];
        }

        return history.Operations.GroupBy(o => o.Input.Key).Select(g => new History<DictionaryOp<TKey, TValue>, DictionaryResult<TKey, TValue>>(g)).ToArray();
    }

    /// <inheritdoc/>
    public override string DescribeOutput(DictionaryOp<TKey, TValue> input, DictionaryResult<TKey, TValue> output) => input.Kind switch
    {
        DictionaryOpKind.Set => "ok",
        DictionaryOpKind.Remove or DictionaryOpKind.ContainsKey => output.Found ? "true" : "false",
        DictionaryOpKind.TryGet => output.Found ? output.Value?.ToString() ?? "null" : "absent",
        DictionaryOpKind.Count => output.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => output.Items.IsDefault ? "(no items)" : "{" + string.Join(", ", output.Items.Select(e => $"{e.Key}: {e.Value}")) + "}",
    };

    private static bool SameEntries(ImmutableArray<KeyValuePair<TKey, TValue>> expected, ImmutableArray<KeyValuePair<TKey, TValue>> actual)
    {
        if (actual.IsDefault || expected.Length != actual.Length)
        {
            return false;
        }

        var map = new Dictionary<TKey, TValue>();
        foreach (var (key, value) in actual)
        {
            if (!map.TryAdd(key, value))
            {
                return false;
            }
        }

        foreach (var (key, value) in expected)
        {
            if (!map.TryGetValue(key, out var v) || !EqualityComparer<TValue>.Default.Equals(value, v))
            {
                return false;
            }
        }

        return true;
    }
}
