namespace CowCollections.Internal.Persistence;

/// <summary>
/// A computation over a set's trie that is generic in the value type the set's entries carry, so a caller outside
/// the engine can name <c>ChampNode&lt;T, TUnit&gt;</c> and <c>ChampEntry&lt;T, TUnit&gt;</c> without naming that type;
/// <see cref="ChampPersistence.ForSetValue{TResult}"/> runs it.
/// </summary>
/// <typeparam name="TResult">What it computes.</typeparam>
internal interface IChampSetFunction<out TResult>
{
    /// <summary>The computation, with <typeparamref name="TUnit"/> the set's value type (an empty struct: <c>default</c> is its only value).</summary>
    /// <typeparam name="TUnit">The set's value type.</typeparam>
    /// <returns>The result.</returns>
    TResult Invoke<TUnit>()
        where TUnit : struct;
}
