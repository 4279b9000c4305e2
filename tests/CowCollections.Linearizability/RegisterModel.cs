namespace CowCollections.Linearizability;

/// <summary>The kinds of register operation.</summary>
public enum RegisterOpKind
{
    /// <summary>Reads the value.</summary>
    Read,

    /// <summary>Writes <see cref="RegisterOp{T}.Value"/>.</summary>
    Write,

    /// <summary>Compare-and-set: writes <see cref="RegisterOp{T}.Value"/> if the value equals <see cref="RegisterOp{T}.Expected"/>.</summary>
    CompareAndSet,
}

/// <summary>An operation on a single-value register.</summary>
/// <typeparam name="T">The value type.</typeparam>
/// <param name="Kind">The operation.</param>
/// <param name="Value">The value written (Write, CompareAndSet).</param>
/// <param name="Expected">The value compared (CompareAndSet).</param>
public readonly record struct RegisterOp<T>(RegisterOpKind Kind, T Value, T Expected)
{
    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        RegisterOpKind.Read => "Read()",
        RegisterOpKind.Write => $"Write({Value})",
        _ => $"Cas({Expected} -> {Value})",
    };
}

/// <summary>A register operation's result: the value read (Read) or whether it succeeded (CompareAndSet; Write always succeeds).</summary>
/// <typeparam name="T">The value type.</typeparam>
/// <param name="Value">The value read.</param>
/// <param name="Success">Whether a compare-and-set swapped.</param>
public readonly record struct RegisterResult<T>(T Value, bool Success)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Value}/{(Success ? "ok" : "fail")}";
}

/// <summary>Factories for <see cref="RegisterOp{T}"/> and <see cref="RegisterResult{T}"/>.</summary>
public static class Register
{
    /// <summary>A read.</summary>
    public static RegisterOp<T> Read<T>() => new(RegisterOpKind.Read, default!, default!);

    /// <summary>A write of <paramref name="value"/>.</summary>
    public static RegisterOp<T> Write<T>(T value) => new(RegisterOpKind.Write, value, default!);

    /// <summary>A compare-and-set from <paramref name="expected"/> to <paramref name="value"/>.</summary>
    public static RegisterOp<T> Cas<T>(T expected, T value) => new(RegisterOpKind.CompareAndSet, value, expected);

    /// <summary>A read's result.</summary>
    public static RegisterResult<T> Read<T>(T value) => new(value, true);

    /// <summary>A write's (or a successful compare-and-set's) result.</summary>
    public static RegisterResult<T> Ok<T>() => new(default!, true);

    /// <summary>A compare-and-set's result.</summary>
    public static RegisterResult<T> Cas<T>(bool success) => new(default!, success);
}

/// <summary>A single value with read, write and compare-and-set; the state is the value itself.</summary>
/// <typeparam name="T">The value type (compared with <see cref="EqualityComparer{T}.Default"/>).</typeparam>
/// <param name="initial">The register's value before any operation.</param>
public sealed class RegisterModel<T>(T initial) : SequentialModel<T, RegisterOp<T>, RegisterResult<T>>
{
    /// <inheritdoc/>
    public override T Init() => initial;

    /// <inheritdoc/>
    public override (T Next, RegisterResult<T> Output) Apply(T state, RegisterOp<T> input) => input.Kind switch
    {
        RegisterOpKind.Read => (state, new RegisterResult<T>(state, true)),
        RegisterOpKind.Write => (input.Value, new RegisterResult<T>(default!, true)),
        _ => EqualityComparer<T>.Default.Equals(state, input.Expected)
            ? (input.Value, new RegisterResult<T>(default!, true))
            : (state, new RegisterResult<T>(default!, false)),
    };

    /// <inheritdoc/>
    public override bool OutputsMatch(RegisterOp<T> input, RegisterResult<T> expected, RegisterResult<T> actual) => input.Kind switch
    {
        RegisterOpKind.Read => EqualityComparer<T>.Default.Equals(expected.Value, actual.Value),
        RegisterOpKind.Write => true,
        _ => expected.Success == actual.Success,
    };

    /// <inheritdoc/>
    public override string DescribeOutput(RegisterOp<T> input, RegisterResult<T> output) => input.Kind switch
    {
        RegisterOpKind.Read => output.Value?.ToString() ?? "null",
        RegisterOpKind.Write => "ok",
        _ => output.Success ? "swapped" : "failed",
    };
}
