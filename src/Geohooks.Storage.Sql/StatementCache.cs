using System.Data.Common;

namespace Geohooks.Storage.Sql;

/// <summary>
/// Commands kept by statement text for one connection, so each statement is compiled once and afterwards only re-bound.
/// Microsoft.Data.Sqlite compiles a command's text on its first execution and keeps the compiled statement for as long
/// as the command lives; a new command per call compiles every time. Bounded: past <see cref="Capacity"/> texts the
/// oldest is dropped, so statements whose text varies (searches, IN lists) cannot grow it.
/// </summary>
/// <param name="create">
/// Makes the command for a statement text, where the dialect runs its kept statements itself (a command that is also an
/// <see cref="IArgsCommand"/> takes the arguments directly); null for the connection's own commands.
/// </param>
public sealed class StatementCache(Func<DbConnection, string, DbCommand>? create = null) : IAsyncDisposable
{
    public const int Capacity = 128;

    private readonly Dictionary<string, DbCommand> commands = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();

    /// <summary>The command for <paramref name="sql"/> on this connection, enlisted in <paramref name="transaction"/>, bound to <paramref name="args"/>.</summary>
    internal DbCommand Get(DbConnection connection, DbTransaction transaction, string sql, SqlArgs? args)
    {
        if (commands.TryGetValue(sql, out var command))
        {
            command.Transaction = transaction;
            Parameters.Rebind(command, args);
            return command;
        }

        if (create is null)
        {
            command = Parameters.NewCommand(connection, transaction, sql, args);
        }
        else
        {
            command = create(connection, sql);
            try
            {
                Parameters.Bound(command, transaction, args);
            }
            catch
            {
                // Disposed here, on the session's thread: left to the finalizer it would be released on another thread.
                command.Dispose();
                throw;
            }
        }

        commands[sql] = command;
        order.Enqueue(sql);
        if (order.Count > Capacity && commands.Remove(order.Dequeue(), out var evicted))
        {
            evicted.Dispose();
        }

        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in commands.Values)
        {
            await command.DisposeAsync();
        }

        commands.Clear();
        order.Clear();
    }
}

/// <summary>A command that takes <see cref="SqlArgs"/> as they are instead of as DbParameters (SQLite's writer statements).</summary>
public interface IArgsCommand
{
    /// <summary>Binds the values by parameter name (without the <c>@</c>); names the statement does not use are ignored.</summary>
    void Bind(IReadOnlyDictionary<string, object?>? args);
}

/// <summary>
/// Creating commands and binding <see cref="SqlArgs"/> to them: the one mapping from .NET values to parameters.
/// Parameters are named with their <c>@</c> prefix as the SQL spells them: Microsoft.Data.Sqlite looks an unprefixed
/// name up four times per execution (as given, then with each prefix), each a linear scan of the statement's names.
/// </summary>
internal static class Parameters
{
    public static DbCommand NewCommand(DbConnection connection, DbTransaction transaction, string sql, SqlArgs? args)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        Add(command, args);
        return command;
    }

    /// <summary>A command made elsewhere, enlisted in <paramref name="transaction"/> and bound to <paramref name="args"/>.</summary>
    public static DbCommand Bound(DbCommand command, DbTransaction transaction, SqlArgs? args)
    {
        command.Transaction = transaction;
        Rebind(command, args);
        return command;
    }

    /// <summary>New values for a reused command: in place when the names are the same as before, otherwise anew.</summary>
    public static void Rebind(DbCommand command, SqlArgs? args)
    {
        if (command is IArgsCommand direct)
        {
            direct.Bind(args);
            return;
        }

        var parameters = command.Parameters;
        if (parameters.Count == (args?.Count ?? 0))
        {
            var position = 0;
            var matched = true;
            foreach (var (name, value) in args ?? [])
            {
                // Arguments usually come in the order they were first bound in; otherwise look the name up.
                var index = Names(parameters[position].ParameterName, name) ? position : parameters.IndexOf("@" + name);
                if (index < 0)
                {
                    matched = false;
                    break;
                }

                parameters[index].Value = ToDb(value);
                position++;
            }

            if (matched)
            {
                return;
            }
        }

        parameters.Clear();
        Add(command, args);
    }

    private static bool Names(string parameterName, string name) =>
        parameterName.Length == name.Length + 1 && parameterName[0] == '@' && parameterName.AsSpan(1).SequenceEqual(name);

    private static void Add(DbCommand command, SqlArgs? args)
    {
        foreach (var (name, value) in args ?? [])
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = ToDb(value);
            command.Parameters.Add(parameter);
        }
    }

    private static object ToDb(object? value) => value switch
    {
        null => DBNull.Value,
        bool flag => flag ? 1 : 0,
        _ => value,
    };
}
