namespace CowCollections.Linearizability;

/// <summary>
/// A sequential specification: the state an object starts in and how each operation moves it. The checker
/// memoizes (set of linearized operations, state) pairs, so states must be immutable values with structural
/// equality under <see cref="StateComparer"/> (or a canonical key that has it).
/// </summary>
/// <typeparam name="TState">An immutable, structurally comparable state.</typeparam>
/// <typeparam name="TInput">The operation and its arguments.</typeparam>
/// <typeparam name="TOutput">The operation's result.</typeparam>
public interface ILinearizabilityModel<TState, TInput, TOutput>
{
    /// <summary>The state before any operation.</summary>
    TState Init();

    /// <summary>Applies <paramref name="input"/> to <paramref name="state"/>: <c>Ok</c> is whether the specification could have answered <paramref name="output"/>; <c>Next</c> is the state after it.</summary>
    (bool Ok, TState Next) Step(TState state, TInput input, TOutput output);

    /// <summary>Applies an operation whose result was never observed (it is pending): the state after it, whatever it answered.</summary>
    TState StepPending(TState state, TInput input);

    /// <summary>Equality and hashing of states for memoization.</summary>
    IEqualityComparer<TState> StateComparer => EqualityComparer<TState>.Default;

    /// <summary>
    /// Splits a history into independent sub-histories (e.g. one per dictionary key) whose states do not
    /// interact, so each is checked alone: the whole is linearizable exactly when every part is. The default
    /// keeps the history whole.
    /// </summary>
    IReadOnlyList<History<TInput, TOutput>> Partition(History<TInput, TOutput> history) => [history];

    /// <summary>A state's text for failure reports.</summary>
    string DescribeState(TState state) => state?.ToString() ?? "null";

    /// <summary>An output's text for failure reports (only the part <paramref name="input"/>'s kind answers).</summary>
    string DescribeOutput(TInput input, TOutput output) => output?.ToString() ?? "null";
}

/// <summary>
/// A deterministic sequential specification written as "what would the object answer, and where would it
/// go": <see cref="Apply"/> plus <see cref="OutputsMatch"/> give <see cref="Step"/> and <see cref="StepPending"/>.
/// </summary>
/// <typeparam name="TState">An immutable, structurally comparable state.</typeparam>
/// <typeparam name="TInput">The operation and its arguments.</typeparam>
/// <typeparam name="TOutput">The operation's result.</typeparam>
public abstract class SequentialModel<TState, TInput, TOutput> : ILinearizabilityModel<TState, TInput, TOutput>
{
    /// <inheritdoc/>
    public abstract TState Init();

    /// <summary>The specification's answer to <paramref name="input"/> in <paramref name="state"/>, and the state after it.</summary>
    public abstract (TState Next, TOutput Output) Apply(TState state, TInput input);

    /// <summary>Whether an observed output is the one the specification gives (comparing only the fields <paramref name="input"/>'s kind answers).</summary>
    public abstract bool OutputsMatch(TInput input, TOutput expected, TOutput actual);

    /// <inheritdoc/>
    public (bool Ok, TState Next) Step(TState state, TInput input, TOutput output)
    {
        var (next, expected) = Apply(state, input);
        return OutputsMatch(input, expected, output) ? (true, next) : (false, state);
    }

    /// <inheritdoc/>
    public TState StepPending(TState state, TInput input) => Apply(state, input).Next;

    /// <inheritdoc/>
    public virtual IEqualityComparer<TState> StateComparer => EqualityComparer<TState>.Default;

    /// <inheritdoc/>
    public virtual IReadOnlyList<History<TInput, TOutput>> Partition(History<TInput, TOutput> history) => [history];

    /// <inheritdoc/>
    public virtual string DescribeState(TState state) => state?.ToString() ?? "null";

    /// <inheritdoc/>
    public virtual string DescribeOutput(TInput input, TOutput output) => output?.ToString() ?? "null";
}
