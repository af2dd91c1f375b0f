// The EXPLAIN AST walk of the SQL endpoint, on trees ClickHouse printed for real queries.
import t from 'tap'
import { parseAstLines, rejectionOf } from '../../analytics/sql-access.js'

const other = new Set(['report_hourly', 'contact_attributes', 'schema_migrations'])
const ast = (s: string) => s.split('\n')

// As the endpoint explains it: the query alone, with no FORMAT clause (the client's format is not explained).
const allowed = ast(`SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 3)
   ExpressionList (children 1)
    WithElement (children 1)
     Subquery (children 1)
      SelectWithUnionQuery (children 1)
       ExpressionList (children 1)
        SelectQuery (children 1)
         ExpressionList (children 1)
          Literal UInt64_1
   ExpressionList (children 1)
    Identifier s.x
   TablesInSelectQuery (children 2)
    TablesInSelectQueryElement (children 1)
     TableExpression (children 1)
      TableIdentifier sends (alias s)
    TablesInSelectQueryElement (children 2)
     TableExpression (children 1)
      TableIdentifier x
     TableJoin (children 1)
      Literal UInt64_1`)

t.test('a SELECT over the exposed tables and its own CTEs passes', async (t) => {
  t.equal(rejectionOf(allowed, other), null)
  const tree = parseAstLines(allowed)
  t.equal(tree?.type, 'SelectWithUnionQuery')
  t.equal(tree?.children.length, 1)
})

const replace = (from: string, to: string) => allowed.map((l) => (l.includes(from) ? l.replace(from, to) : l))

t.test('each way out is refused', async (t) => {
  t.match(
    rejectionOf(replace('TableIdentifier x', 'TableIdentifier system.tables'), other),
    /Database-qualified/,
  )
  t.match(
    rejectionOf(replace('TableIdentifier x', 'TableIdentifier default.sends'), other),
    /Database-qualified/,
  )
  t.match(rejectionOf(replace('TableIdentifier x', 'TableIdentifier report_hourly'), other), /not available/)
  t.match(
    rejectionOf(replace('      TableIdentifier x', '      Function url (children 1)'), other),
    /Table functions/,
  )
  t.match(rejectionOf(replace('    Identifier s.x', '    Function dictGet (children 1)'), other), /dictGet/)
  t.match(rejectionOf(replace('    Identifier s.x', '    Function joinGet (children 1)'), other), /joinGet/)
  t.match(rejectionOf([...allowed, ' Set'], other), /SETTINGS|not allowed/)
  t.match(rejectionOf([...allowed, " Literal '/tmp/x'"], other), /OUTFILE/)
  t.match(rejectionOf([...allowed, ' Identifier CSV'], other), /FORMAT/)
  t.match(rejectionOf(ast('InsertQuery   (children 2)\n Identifier sends'), other), /single SELECT/)
  t.match(rejectionOf(ast('Explain EXPLAIN (children 1)\n SelectWithUnionQuery'), other), /single SELECT/)
  t.match(rejectionOf([...allowed, 'SelectWithUnionQuery'], other), /single SELECT/, 'two trees')
  t.match(rejectionOf([], other), /single SELECT/)
  const inTable = ast(`SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 1)
   ExpressionList (children 1)
    Function in (children 1)
     ExpressionList (children 2)
      Identifier y
      Identifier sends`)
  t.match(rejectionOf(inTable, other), /IN with a table/)
  const inList = inTable.map((l) =>
    l.endsWith('Identifier sends') ? '      Literal Tuple_(UInt64_1, UInt64_2)' : l,
  )
  t.equal(rejectionOf(inList, other), null, 'IN with a literal list is fine')
})
