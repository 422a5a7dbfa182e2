using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Gateway.NanoApiGuard
{
    /// <summary>
    /// Walks one syntax tree: forbidden constructs are found from the syntax, named APIs through the semantic model
    /// (or, for names .NET cannot resolve, textually through the file's using directives).
    /// </summary>
    internal sealed class FileChecker : CSharpSyntaxWalker
    {
        private readonly CSharpCompilation _compilation;
        private readonly SemanticModel _model;
        private readonly GuardOptions _options;
        private readonly NanoApiCatalog _catalog;
        private readonly string _path;
        private readonly NanoApiGuard.ViolationSink _sink;
        private readonly Dictionary<string, ITypeSymbol?> _parameterTypes = new(StringComparer.Ordinal);

        public FileChecker(CSharpCompilation compilation, SemanticModel model, GuardOptions options, string path, NanoApiGuard.ViolationSink sink)
            : base(SyntaxWalkerDepth.Node)
        {
            _compilation = compilation;
            _model = model;
            _options = options;
            _catalog = options.Catalog;
            _path = path;
            _sink = sink;
        }

        // ---------------------------------------------------------------- forbidden constructs (syntax)

        public override void VisitGenericName(GenericNameSyntax node)
        {
            Report(node, node.ToString(), GuardReasons.Generic);
            base.VisitGenericName(node);
        }

        public override void VisitTypeParameterList(TypeParameterListSyntax node)
        {
            string owner = node.Parent switch
            {
                BaseTypeDeclarationSyntax type => type.Identifier.ValueText,
                MethodDeclarationSyntax method => method.Identifier.ValueText,
                LocalFunctionStatementSyntax local => local.Identifier.ValueText,
                DelegateDeclarationSyntax del => del.Identifier.ValueText,
                _ => "",
            };
            Report(node, owner + node.ToString(), GuardReasons.Generic);
            base.VisitTypeParameterList(node);
        }

        public override void VisitNullableType(NullableTypeSyntax node)
        {
            ITypeSymbol? element = _model.GetTypeInfo(node.ElementType).Type;
            bool valueType = element switch
            {
                null => false,
                IErrorTypeSymbol error => _options.AllowUnresolved && error.Name.Length > 0 &&
                    ResolveTypeText(error.Name, node).Any(t => _catalog.KindOf(t) is "struct" or "enum"),
                _ => element.IsValueType,
            };
            if (valueType)
            {
                Report(node, node.ToString(), GuardReasons.NullableValueType);
            }
            base.VisitNullableType(node);
        }

        public override void VisitTupleType(TupleTypeSyntax node)
        {
            Report(node, node.ToString(), GuardReasons.Tuple);
            base.VisitTupleType(node);
        }

        public override void VisitTupleExpression(TupleExpressionSyntax node)
        {
            Report(node, node.ToString(), GuardReasons.Tuple);
            base.VisitTupleExpression(node);
        }

        public override void VisitParenthesizedVariableDesignation(ParenthesizedVariableDesignationSyntax node)
        {
            Report(node, node.ToString(), GuardReasons.Tuple);
            base.VisitParenthesizedVariableDesignation(node);
        }

        public override void VisitPositionalPatternClause(PositionalPatternClauseSyntax node)
        {
            Report(node, node.ToString(), GuardReasons.Tuple);
            base.VisitPositionalPatternClause(node);
        }

        public override void VisitRecordDeclaration(RecordDeclarationSyntax node)
        {
            Report(node.Keyword, "record " + node.Identifier.ValueText, GuardReasons.Record);
            base.VisitRecordDeclaration(node);
        }

        public override void VisitYieldStatement(YieldStatementSyntax node)
        {
            Report(node, node.YieldKeyword.Text + " " + node.ReturnOrBreakKeyword.Text, GuardReasons.Iterator);
            base.VisitYieldStatement(node);
        }

        public override void VisitQueryExpression(QueryExpressionSyntax node)
        {
            Report(node, "query expression", GuardReasons.Linq);
            base.VisitQueryExpression(node);
        }

        public override void VisitMethodDeclaration(MethodDeclarationSyntax node)
        {
            CheckAsyncModifier(node.Modifiers);
            base.VisitMethodDeclaration(node);
        }

        public override void VisitLocalFunctionStatement(LocalFunctionStatementSyntax node)
        {
            CheckAsyncModifier(node.Modifiers);
            base.VisitLocalFunctionStatement(node);
        }

        public override void VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node)
        {
            CheckAsyncModifier(node.Modifiers);
            base.VisitParenthesizedLambdaExpression(node);
        }

        public override void VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node)
        {
            CheckAsyncModifier(node.Modifiers);
            base.VisitSimpleLambdaExpression(node);
        }

        public override void VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node)
        {
            CheckAsyncModifier(node.Modifiers);
            base.VisitAnonymousMethodExpression(node);
        }

        public override void VisitAwaitExpression(AwaitExpressionSyntax node)
        {
            Report(node, "await", GuardReasons.Async);
            base.VisitAwaitExpression(node);
        }

        public override void VisitForEachStatement(ForEachStatementSyntax node)
        {
            CheckAwaitKeyword(node.AwaitKeyword, "await foreach");
            base.VisitForEachStatement(node);
        }

        public override void VisitForEachVariableStatement(ForEachVariableStatementSyntax node)
        {
            CheckAwaitKeyword(node.AwaitKeyword, "await foreach");
            base.VisitForEachVariableStatement(node);
        }

        public override void VisitUsingStatement(UsingStatementSyntax node)
        {
            CheckAwaitKeyword(node.AwaitKeyword, "await using");
            base.VisitUsingStatement(node);
        }

        public override void VisitLocalDeclarationStatement(LocalDeclarationStatementSyntax node)
        {
            CheckAwaitKeyword(node.AwaitKeyword, "await using");
            base.VisitLocalDeclarationStatement(node);
        }

        public override void VisitPredefinedType(PredefinedTypeSyntax node)
        {
            if (node.Keyword.IsKind(SyntaxKind.DecimalKeyword))
            {
                Report(node, "decimal", GuardReasons.Decimal);
                return;
            }
            if (_model.GetSymbolInfo(node).Symbol is ITypeSymbol type)
            {
                CheckType(node, type);
            }
        }

        public override void VisitLiteralExpression(LiteralExpressionSyntax node)
        {
            if (node.Token.Value is decimal)
            {
                Report(node, node.Token.Text, GuardReasons.Decimal);
            }
            base.VisitLiteralExpression(node);
        }

        public override void VisitStackAllocArrayCreationExpression(StackAllocArrayCreationExpressionSyntax node)
        {
            Report(node, "stackalloc", GuardReasons.Stackalloc);
            base.VisitStackAllocArrayCreationExpression(node);
        }

        public override void VisitImplicitStackAllocArrayCreationExpression(ImplicitStackAllocArrayCreationExpressionSyntax node)
        {
            Report(node, "stackalloc", GuardReasons.Stackalloc);
            base.VisitImplicitStackAllocArrayCreationExpression(node);
        }

        public override void VisitArrayRankSpecifier(ArrayRankSpecifierSyntax node)
        {
            if (node.Rank > 1)
            {
                Report(node, node.ToString(), GuardReasons.MultidimensionalArray);
            }
            base.VisitArrayRankSpecifier(node);
        }

        public override void VisitPrefixUnaryExpression(PrefixUnaryExpressionSyntax node)
        {
            if (node.IsKind(SyntaxKind.IndexExpression))
            {
                Report(node, node.ToString(), GuardReasons.IndexOrRange);
            }
            base.VisitPrefixUnaryExpression(node);
        }

        public override void VisitRangeExpression(RangeExpressionSyntax node)
        {
            Report(node, node.ToString(), GuardReasons.IndexOrRange);
            base.VisitRangeExpression(node);
        }

        public override void VisitPropertyDeclaration(PropertyDeclarationSyntax node)
        {
            CheckRequiredModifier(node.Modifiers, node.Identifier.ValueText);
            base.VisitPropertyDeclaration(node);
        }

        public override void VisitFieldDeclaration(FieldDeclarationSyntax node)
        {
            CheckRequiredModifier(node.Modifiers, node.Declaration.Variables.FirstOrDefault()?.Identifier.ValueText ?? "");
            base.VisitFieldDeclaration(node);
        }

        public override void VisitAnonymousObjectCreationExpression(AnonymousObjectCreationExpressionSyntax node)
        {
            Report(node, "new { ... }", GuardReasons.AnonymousType);
            base.VisitAnonymousObjectCreationExpression(node);
        }

        // ---------------------------------------------------------------- named APIs

        public override void VisitUsingDirective(UsingDirectiveSyntax node)
        {
            if (node.Alias == null && node.StaticKeyword.IsKind(SyntaxKind.None) && node.Name != null)
            {
                CheckNamespaceUsing(node.Name);
                return;
            }
            base.VisitUsingDirective(node);
        }

        public override void VisitIdentifierName(IdentifierNameSyntax node)
        {
            if (node.IsVar || node.Parent is NameColonSyntax)
            {
                return; // `var` names no type; `name:` names a parameter
            }
            SymbolInfo info = _model.GetSymbolInfo(node);
            if (info.Symbol != null)
            {
                CheckSymbol(node, info.Symbol);
                return;
            }
            if (node.Parent is NameEqualsSyntax)
            {
                return; // a named argument of an attribute .NET does not know: nothing to resolve it against
            }
            if (node.Identifier.ValueText == "nameof" && node.Parent is InvocationExpressionSyntax)
            {
                return;
            }
            if (info.CandidateReason == CandidateReason.MemberGroup || (_options.AllowUnresolved && info.CandidateSymbols.Length > 0))
            {
                CheckCandidates(node, info.CandidateSymbols);
                return;
            }
            if (_options.AllowUnresolved && info.CandidateSymbols.Length == 0)
            {
                CheckUnresolvedName(node);
            }
            // Otherwise the name does not compile on .NET: the compile error is reported by NanoApiGuard.Check.
        }

        public override void VisitObjectCreationExpression(ObjectCreationExpressionSyntax node)
        {
            CheckConstructor(node, node.ArgumentList?.Arguments, explicitType: true);
            base.VisitObjectCreationExpression(node);
        }

        public override void VisitImplicitObjectCreationExpression(ImplicitObjectCreationExpressionSyntax node)
        {
            CheckConstructor(node, node.ArgumentList.Arguments, explicitType: false);
            base.VisitImplicitObjectCreationExpression(node);
        }

        public override void VisitConstructorInitializer(ConstructorInitializerSyntax node)
        {
            CheckConstructor(node, node.ArgumentList.Arguments, explicitType: false);
            base.VisitConstructorInitializer(node);
        }

        public override void VisitElementAccessExpression(ElementAccessExpressionSyntax node)
        {
            CheckIndexer(node, node.ArgumentList, _model.GetTypeInfo(node.Expression).Type);
            base.VisitElementAccessExpression(node);
        }

        public override void VisitElementBindingExpression(ElementBindingExpressionSyntax node)
        {
            ITypeSymbol? receiver = node.FirstAncestorOrSelf<ConditionalAccessExpressionSyntax>() is { } access
                ? _model.GetTypeInfo(access.Expression).Type
                : null;
            CheckIndexer(node, node.ArgumentList, receiver);
            base.VisitElementBindingExpression(node);
        }

        public override void VisitAttribute(AttributeSyntax node)
        {
            if (_model.GetSymbolInfo(node).Symbol is IMethodSymbol constructor)
            {
                CheckType(node.Name, constructor.ContainingType);
                if (IsExternal(constructor) && !IsAllowed(constructor.ContainingType))
                {
                    var args = new List<Arg>();
                    foreach (AttributeArgumentSyntax argument in node.ArgumentList?.Arguments ?? default)
                    {
                        if (argument.NameEquals == null)
                        {
                            args.Add(new Arg(argument.Expression, SyntaxKind.None));
                        }
                    }
                    CheckConstructorSymbol(node.Name, constructor, args, typeNamed: true);
                }
            }
            else if (_options.AllowUnresolved)
            {
                string name = node.Name.ToString();
                string simple = name.Substring(name.LastIndexOf('.') + 1);
                if (!name.Contains('.') &&
                    ResolveTypeText(simple, node).Count == 0 && ResolveTypeText(simple + "Attribute", node).Count == 0 && !AnyAllowedNamespaceInScope(node))
                {
                    Report(node.Name, name, GuardReasons.MissingType);
                }
            }
            if (node.ArgumentList != null)
            {
                Visit(node.ArgumentList);
            }
        }

        private void CheckSymbol(SimpleNameSyntax node, ISymbol symbol)
        {
            switch (symbol)
            {
                case INamespaceSymbol:
                    return;
                case ITypeSymbol type:
                    CheckType(node, type);
                    return;
                case IMethodSymbol method:
                    if (method.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor or MethodKind.LocalFunction or MethodKind.AnonymousFunction)
                    {
                        return;
                    }
                    CheckMember(node, method);
                    return;
                case IPropertySymbol or IFieldSymbol or IEventSymbol:
                    CheckMember(node, symbol);
                    return;
                default:
                    return;
            }
        }

        private void CheckNamespaceUsing(NameSyntax name)
        {
            string ns = name is AliasQualifiedNameSyntax alias ? alias.Name.ToString() : name.ToString();
            ns = ns.Replace(" ", "", StringComparison.Ordinal);
            if (IsUnder(ns, _options.ExtraAllowedNamespaces))
            {
                return;
            }
            INamespaceSymbol? symbol = _model.GetSymbolInfo(name).Symbol as INamespaceSymbol;
            if (!IsUnder(ns, _options.ExternalNamespaces))
            {
                if (symbol != null && symbol.Locations.Any(l => l.IsInSource))
                {
                    return; // declared by our own sources
                }
                if (symbol == null && !_options.AllowUnresolved)
                {
                    return; // compile error, reported as such
                }
            }
            if (!_catalog.HasNamespace(ns))
            {
                Report(name, ns, NamespaceReason(ns, GuardReasons.MissingNamespace));
            }
        }

        private void CheckType(SyntaxNode node, ITypeSymbol type)
        {
            switch (type)
            {
                case IArrayTypeSymbol array:
                    CheckType(node, array.ElementType);
                    return;
                case IPointerTypeSymbol pointer:
                    CheckType(node, pointer.PointedAtType);
                    return;
                case IDynamicTypeSymbol:
                    Report(node, "dynamic", GuardReasons.Dynamic);
                    return;
                case INamedTypeSymbol named when named.TypeKind != TypeKind.Error:
                    if (!IsExternal(named) || IsAllowed(named))
                    {
                        return;
                    }
                    string docId = named.OriginalDefinition.GetDocumentationCommentId() ?? named.ToDisplayString();
                    if (named.IsTupleType)
                    {
                        Report(node, docId, GuardReasons.Tuple);
                        return;
                    }
                    if (!_catalog.HasType(docId))
                    {
                        Report(node, docId, TypeReason(named, GuardReasons.MissingType));
                    }
                    return;
                default:
                    return;
            }
        }

        private void CheckMember(SimpleNameSyntax node, ISymbol symbol)
        {
            ISymbol member = symbol is IMethodSymbol { ReducedFrom: { } reducedFrom } ? reducedFrom : symbol;
            member = member.OriginalDefinition;
            INamedTypeSymbol? declaringType = member.ContainingType;
            if (declaringType == null || !IsExternal(member) || IsAllowed(declaringType))
            {
                return;
            }
            string? docId = member.GetDocumentationCommentId();
            if (docId == null || _catalog.HasMember(docId) ||
                !NanoApiCatalog.TrySplitMemberId(docId, out char kind, out string typeName, out string signature, out string name))
            {
                return;
            }
            string special = TypeReason(declaringType, "");
            if (special.Length > 0)
            {
                Report(node, docId, special);
                return;
            }

            IReadOnlyList<string> receiverTypes = CatalogTypesOf(ReceiverType(node), node);
            foreach (string receiver in receiverTypes)
            {
                if (_catalog.HasMember(receiver, kind, signature))
                {
                    return;
                }
            }

            // Not found with .NET's exact signature: accept when nanoFramework has a member of that name that could
            // bind (subset-notes §11: params tails, overloads .NET prefers, properties that are fields there).
            var declared = FilterKind(_catalog.MembersNamed(typeName, name), kind);
            var onReceiver = receiverTypes.SelectMany(r => FilterKind(_catalog.MembersNamed(r, name), kind)).ToList();
            if (kind != 'M')
            {
                if (declared.Count > 0 || onReceiver.Count > 0)
                {
                    return;
                }
                Report(node, docId, MissingReason(typeName));
                return;
            }

            List<Arg>? args = InvocationArguments(node);
            if (args == null)
            {
                // Method group (delegate conversion, nameof): a member of that name is enough.
                if (declared.Count > 0 || onReceiver.Count > 0)
                {
                    return;
                }
                Report(node, docId, MissingReason(typeName));
                return;
            }
            var staticArgs = args;
            if (symbol is IMethodSymbol { ReducedFrom: not null } && node.Parent is MemberAccessExpressionSyntax access)
            {
                staticArgs = new List<Arg> { new(access.Expression, SyntaxKind.None) };
                staticArgs.AddRange(args);
            }
            if (declared.Any(id => Binds(id, staticArgs)) || onReceiver.Any(id => Binds(id, args)))
            {
                return;
            }
            if (declared.Count == 0 && onReceiver.Count == 0)
            {
                Report(node, docId, MissingReason(typeName));
                return;
            }
            Report(node, docId, GuardReasons.NoBindableOverload + "; nanoFramework has " + string.Join(", ", declared.Concat(onReceiver).Distinct().Take(4)));
        }

        private void CheckConstructor(SyntaxNode node, SeparatedSyntaxList<ArgumentSyntax>? arguments, bool explicitType)
        {
            if (_model.GetSymbolInfo(node).Symbol is not IMethodSymbol constructor)
            {
                return; // unresolved: the type name is checked where it is written
            }
            if (!IsExternal(constructor) || IsAllowed(constructor.ContainingType))
            {
                return;
            }
            var args = new List<Arg>();
            foreach (ArgumentSyntax argument in arguments ?? default)
            {
                args.Add(new Arg(argument.Expression, argument.RefKindKeyword.Kind()));
            }
            SyntaxNode at = node is ObjectCreationExpressionSyntax creation ? creation.Type : node;
            CheckConstructorSymbol(at, constructor, args, explicitType);
        }

        private void CheckConstructorSymbol(SyntaxNode node, IMethodSymbol constructor, List<Arg> args, bool typeNamed)
        {
            IMethodSymbol definition = constructor.OriginalDefinition;
            string? docId = definition.GetDocumentationCommentId();
            if (docId == null || _catalog.ContainsId(docId))
            {
                return;
            }
            if (definition.IsImplicitlyDeclared && definition.ContainingType.IsValueType)
            {
                return; // default(T) of a struct: no constructor call on the device either
            }
            string typeName = (definition.ContainingType.OriginalDefinition.GetDocumentationCommentId() ?? "T:").Substring(2);
            if (!_catalog.HasType(typeName))
            {
                if (!typeNamed)
                {
                    Report(node, docId, TypeReason(definition.ContainingType, GuardReasons.MissingType));
                }
                return; // reported where the type is named
            }
            IReadOnlyList<string> candidates = _catalog.MembersNamed(typeName, "#ctor");
            if (candidates.Any(id => Binds(id, args)))
            {
                return;
            }
            Report(node, docId, candidates.Count == 0
                ? GuardReasons.MissingMember
                : GuardReasons.NoBindableOverload + "; nanoFramework has " + string.Join(", ", candidates.Take(4)));
        }

        private void CheckIndexer(ExpressionSyntax node, BracketedArgumentListSyntax argumentList, ITypeSymbol? receiverType)
        {
            if (_model.GetSymbolInfo(node).Symbol is not IPropertySymbol indexer || !IsExternal(indexer) || IsAllowed(indexer.ContainingType))
            {
                return;
            }
            string? docId = indexer.OriginalDefinition.GetDocumentationCommentId();
            if (docId == null || _catalog.HasMember(docId) ||
                !NanoApiCatalog.TrySplitMemberId(docId, out _, out string typeName, out string signature, out string name))
            {
                return;
            }
            IReadOnlyList<string> receivers = CatalogTypesOf(receiverType, node);
            if (receivers.Any(r => _catalog.HasMember(r, 'P', signature)))
            {
                return;
            }
            var args = argumentList.Arguments.Select(a => new Arg(a.Expression, a.RefKindKeyword.Kind())).ToList();
            var candidates = new[] { typeName }.Concat(receivers)
                .SelectMany(t => FilterKind(_catalog.MembersNamed(t, name), 'P'))
                .Where(id => id.Contains('(', StringComparison.Ordinal))
                .Distinct()
                .ToList();
            if (candidates.Any(id => Binds(id, args)))
            {
                return;
            }
            Report(argumentList, docId, candidates.Count == 0
                ? MissingReason(typeName)
                : GuardReasons.NoBindableOverload + "; nanoFramework has " + string.Join(", ", candidates.Take(4)));
        }

        private void CheckCandidates(SimpleNameSyntax node, IEnumerable<ISymbol> candidates)
        {
            var external = candidates.Where(c => c.ContainingType != null && IsExternal(c)).ToList();
            if (external.Count == 0 || external.Any(c => IsAllowed(c.ContainingType)))
            {
                return;
            }
            foreach (ISymbol candidate in external)
            {
                string typeName = (candidate.ContainingType.OriginalDefinition.GetDocumentationCommentId() ?? "T:").Substring(2);
                if (_catalog.HasMemberNamed(typeName, candidate.Name))
                {
                    return;
                }
                foreach (string receiver in CatalogTypesOf(ReceiverType(node), node))
                {
                    if (_catalog.HasMemberNamed(receiver, candidate.Name))
                    {
                        return;
                    }
                }
            }
            ISymbol first = external[0];
            string member = first.OriginalDefinition.GetDocumentationCommentId() ?? first.ToDisplayString();
            Report(node, member, TypeReason(first.ContainingType, MissingReason(
                (first.ContainingType.OriginalDefinition.GetDocumentationCommentId() ?? "T:").Substring(2))));
        }

        // ---------------------------------------------------------------- names .NET cannot resolve (device shell)

        private void CheckUnresolvedName(IdentifierNameSyntax node)
        {
            string name = node.Identifier.ValueText;
            ExpressionSyntax? left = node.Parent switch
            {
                MemberAccessExpressionSyntax access when access.Name == node => access.Expression,
                QualifiedNameSyntax qualified when qualified.Right == node => qualified.Left,
                MemberBindingExpressionSyntax binding when binding.Name == node =>
                    binding.FirstAncestorOrSelf<ConditionalAccessExpressionSyntax>()?.Expression,
                // new T(...) { Member = value }: a member of T
                AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax { Parent: ObjectCreationExpressionSyntax creation } } assignment
                    when assignment.Left == node => creation.Type,
                _ => null,
            };
            if (left != null)
            {
                Meaning meaning = Resolve(left);
                switch (meaning.Kind)
                {
                    case MeaningKind.Namespace:
                        string full = meaning.Namespace + "." + name;
                        if (!_catalog.HasType(full) && !_catalog.HasNamespace(full) && !IsUnder(full, _options.ExtraAllowedNamespaces))
                        {
                            Report(node, "T:" + full, GuardReasons.MissingType);
                        }
                        return;
                    case MeaningKind.Types:
                        if (meaning.Types.Count == 0 ||
                            meaning.Types.Any(t => _catalog.HasMemberNamed(t, name) || _catalog.HasType(t + "." + name)))
                        {
                            return;
                        }
                        Report(node, meaning.Types[0] + "." + name, GuardReasons.MissingMember);
                        return;
                    default:
                        return; // allowed, or nothing known about the receiver (e.g. the result of an unresolved call)
                }
            }

            Meaning simple = ResolveSimpleName(node);
            if (simple.Kind != MeaningKind.Unknown)
            {
                return;
            }
            // A static member imported with `using static`.
            foreach (UsingDirectiveSyntax directive in UsingsInScope(node))
            {
                if (!directive.StaticKeyword.IsKind(SyntaxKind.None) && directive.NamespaceOrType is { } imported)
                {
                    Meaning meaning = Resolve(imported);
                    if (meaning.Kind == MeaningKind.Allowed ||
                        (meaning.Kind == MeaningKind.Types && meaning.Types.Any(t => _catalog.HasMemberNamed(t, name))))
                    {
                        return;
                    }
                }
            }
            // A member inherited from a base type our class names (e.g. a class deriving from a nanoFramework type).
            foreach (string baseType in EnclosingBaseTypes(node))
            {
                if (_catalog.HasMemberNamed(baseType, name))
                {
                    return;
                }
            }
            Report(node, name, SyntaxFacts.IsInTypeOnlyContext(node) ? GuardReasons.MissingType : GuardReasons.NotInApiList);
        }

        private Meaning Resolve(ExpressionSyntax expression)
        {
            SymbolInfo info = _model.GetSymbolInfo(expression);
            switch (info.Symbol)
            {
                case INamespaceSymbol ns when !ns.IsGlobalNamespace:
                    return Meaning.OfNamespace(ns.ToDisplayString());
                case ITypeSymbol type when type.TypeKind != TypeKind.Error:
                    return Meaning.OfTypes(CatalogTypesOf(type, expression));
            }
            ITypeSymbol? valueType = info.Symbol switch
            {
                ILocalSymbol local => local.Type,
                IParameterSymbol parameter => parameter.Type,
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                IEventSymbol ev => ev.Type,
                _ => _model.GetTypeInfo(expression).Type,
            };
            if (valueType != null && valueType.TypeKind != TypeKind.Error)
            {
                return Meaning.OfTypes(CatalogTypesOf(valueType, expression));
            }
            if (info.Symbol == null)
            {
                // A name chain .NET cannot resolve: namespaces and types by text.
                switch (expression)
                {
                    case IdentifierNameSyntax identifier:
                        return ResolveSimpleName(identifier);
                    case AliasQualifiedNameSyntax alias:
                        return ResolveInNamespace("", alias.Name.Identifier.ValueText);
                    case QualifiedNameSyntax qualified:
                        return ResolveMember(Resolve(qualified.Left), qualified.Right.Identifier.ValueText);
                    case MemberAccessExpressionSyntax access when access.Expression is NameSyntax or MemberAccessExpressionSyntax:
                        return ResolveMember(Resolve(access.Expression), access.Name.Identifier.ValueText);
                }
            }
            if (valueType is IErrorTypeSymbol error && error.Name.Length > 0)
            {
                // A variable whose declared type .NET does not know: resolve that type's name in this file's scope.
                if (error.ContainingNamespace is { IsGlobalNamespace: false } ns && _catalog.HasType(ns.ToDisplayString() + "." + error.Name))
                {
                    return Meaning.OfTypes(new[] { ns.ToDisplayString() + "." + error.Name });
                }
                IReadOnlyList<string> types = ResolveTypeText(error.Name, expression);
                if (types.Count > 0)
                {
                    return Meaning.OfTypes(types);
                }
                return AnyAllowedNamespaceInScope(expression) ? Meaning.Allowed : Meaning.Unknown;
            }
            return Meaning.Unknown;
        }

        private Meaning ResolveMember(Meaning left, string name)
        {
            switch (left.Kind)
            {
                case MeaningKind.Namespace:
                    return ResolveInNamespace(left.Namespace, name);
                case MeaningKind.Types:
                    var nested = left.Types.Select(t => t + "." + name).Where(_catalog.HasType).ToList();
                    return nested.Count > 0 ? Meaning.OfTypes(nested) : Meaning.Unknown;
                default:
                    return left;
            }
        }

        private Meaning ResolveInNamespace(string ns, string name)
        {
            string full = ns.Length == 0 ? name : ns + "." + name;
            if (IsUnder(full, _options.ExtraAllowedNamespaces))
            {
                return Meaning.Allowed;
            }
            if (_catalog.HasType(full))
            {
                return Meaning.OfTypes(new[] { full });
            }
            return _catalog.HasNamespace(full) ? Meaning.OfNamespace(full) : Meaning.Unknown;
        }

        private Meaning ResolveSimpleName(IdentifierNameSyntax node)
        {
            string name = node.Identifier.ValueText;
            IReadOnlyList<string> types = ResolveTypeText(name, node);
            if (types.Count > 0)
            {
                return Meaning.OfTypes(types);
            }
            foreach (string ns in NamespacesInScope(node))
            {
                Meaning meaning = ResolveInNamespace(ns, name);
                if (meaning.Kind == MeaningKind.Namespace || meaning.Kind == MeaningKind.Allowed)
                {
                    return meaning;
                }
            }
            return AnyAllowedNamespaceInScope(node) ? Meaning.Allowed : Meaning.Unknown;
        }

        /// <summary>Catalog types a simple type name can mean in this file: each namespace in scope + the name, and using aliases.</summary>
        private IReadOnlyList<string> ResolveTypeText(string name, SyntaxNode context)
        {
            var result = new List<string>();
            foreach (string ns in NamespacesInScope(context))
            {
                string full = ns.Length == 0 ? name : ns + "." + name;
                if (_catalog.HasType(full) && !result.Contains(full))
                {
                    result.Add(full);
                }
            }
            foreach (UsingDirectiveSyntax directive in UsingsInScope(context))
            {
                if (directive.Alias != null && directive.Alias.Name.Identifier.ValueText == name && directive.NamespaceOrType is { } target)
                {
                    string text = target.ToString();
                    if (_catalog.HasType(text))
                    {
                        result.Add(text);
                    }
                }
            }
            return result;
        }

        private IEnumerable<string> NamespacesInScope(SyntaxNode context)
        {
            yield return "";
            foreach (BaseNamespaceDeclarationSyntax declaration in context.AncestorsAndSelf().OfType<BaseNamespaceDeclarationSyntax>())
            {
                string name = declaration.Name.ToString();
                for (int dot = name.Length; dot > 0; dot = name.LastIndexOf('.', dot - 1))
                {
                    yield return name.Substring(0, dot);
                }
            }
            foreach (UsingDirectiveSyntax directive in UsingsInScope(context))
            {
                if (directive.Alias == null && directive.StaticKeyword.IsKind(SyntaxKind.None) && directive.Name != null)
                {
                    yield return directive.Name.ToString();
                }
            }
        }

        private static IEnumerable<UsingDirectiveSyntax> UsingsInScope(SyntaxNode context)
        {
            foreach (SyntaxNode ancestor in context.AncestorsAndSelf())
            {
                SyntaxList<UsingDirectiveSyntax> usings = ancestor switch
                {
                    BaseNamespaceDeclarationSyntax ns => ns.Usings,
                    CompilationUnitSyntax unit => unit.Usings,
                    _ => default,
                };
                foreach (UsingDirectiveSyntax directive in usings)
                {
                    yield return directive;
                }
            }
        }

        private bool AnyAllowedNamespaceInScope(SyntaxNode context) =>
            _options.ExtraAllowedNamespaces.Count > 0 && NamespacesInScope(context).Any(ns => ns.Length > 0 && IsUnder(ns, _options.ExtraAllowedNamespaces));

        private IEnumerable<string> EnclosingBaseTypes(SyntaxNode node)
        {
            foreach (TypeDeclarationSyntax type in node.Ancestors().OfType<TypeDeclarationSyntax>())
            {
                if (type.BaseList == null)
                {
                    continue;
                }
                foreach (BaseTypeSyntax baseType in type.BaseList.Types)
                {
                    Meaning meaning = Resolve(baseType.Type);
                    if (meaning.Kind == MeaningKind.Types)
                    {
                        foreach (string t in meaning.Types)
                        {
                            yield return t;
                        }
                    }
                }
            }
        }

        // ---------------------------------------------------------------- helpers

        private ITypeSymbol? ReceiverType(SimpleNameSyntax node)
        {
            ExpressionSyntax? receiver = node.Parent switch
            {
                MemberAccessExpressionSyntax access when access.Name == node => access.Expression,
                MemberBindingExpressionSyntax binding when binding.Name == node =>
                    binding.FirstAncestorOrSelf<ConditionalAccessExpressionSyntax>()?.Expression,
                _ => null,
            };
            if (receiver == null)
            {
                return null;
            }
            if (_model.GetSymbolInfo(receiver).Symbol is ITypeSymbol staticReceiver)
            {
                return staticReceiver;
            }
            return _model.GetTypeInfo(receiver).Type;
        }

        /// <summary>The catalog types whose members a value of this .NET type has on the device.</summary>
        private IReadOnlyList<string> CatalogTypesOf(ITypeSymbol? type, SyntaxNode context)
        {
            switch (type)
            {
                case null:
                case ITypeParameterSymbol:
                    return Array.Empty<string>();
                case IArrayTypeSymbol:
                    return new[] { "System.Array" };
                case IErrorTypeSymbol error:
                    return _options.AllowUnresolved && error.Name.Length > 0 ? ResolveTypeText(error.Name, context) : Array.Empty<string>();
                case INamedTypeSymbol named:
                    if (named.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T && named.TypeArguments.Length == 1)
                    {
                        return CatalogTypesOf(named.TypeArguments[0], context);
                    }
                    if (IsExternal(named))
                    {
                        string? id = named.OriginalDefinition.GetDocumentationCommentId();
                        return id == null ? Array.Empty<string>() : new[] { id.Substring(2) };
                    }
                    // Our own type: its members come from the first external ancestor.
                    switch (named.TypeKind)
                    {
                        case TypeKind.Enum:
                            return new[] { "System.Enum" };
                        case TypeKind.Struct:
                            return new[] { "System.ValueType" };
                        case TypeKind.Delegate:
                            return new[] { "System.MulticastDelegate" };
                        case TypeKind.Interface:
                            return new[] { "System.Object" };
                    }
                    for (INamedTypeSymbol? b = named.BaseType; b != null; b = b.BaseType)
                    {
                        if (IsExternal(b))
                        {
                            return CatalogTypesOf(b, context);
                        }
                    }
                    return new[] { "System.Object" };
                default:
                    return Array.Empty<string>();
            }
        }

        private static List<Arg>? InvocationArguments(SimpleNameSyntax node)
        {
            SyntaxNode expression = node.Parent is MemberAccessExpressionSyntax access && access.Name == node ? access
                : node.Parent is MemberBindingExpressionSyntax binding && binding.Name == node ? binding
                : node;
            if (expression.Parent is InvocationExpressionSyntax invocation && invocation.Expression == expression)
            {
                return invocation.ArgumentList.Arguments.Select(a => new Arg(a.Expression, a.RefKindKeyword.Kind())).ToList();
            }
            return null;
        }

        /// <summary>
        /// Could a call with these arguments bind to the catalog member <paramref name="docId"/>? Normal form (same count,
        /// each argument implicitly convertible without numeric widening), or expanded form when the last parameter is an array (a params tail
        /// such as <c>Format(String,Object[])</c> or <c>Split(Char[])</c>). Optional parameters of the catalog member
        /// are not assumed (the doc-ID does not say which are optional), so <c>WaitOne(100)</c> does not bind to
        /// <c>WaitOne(Int32,Boolean)</c>.
        /// </summary>
        private bool Binds(string docId, List<Arg> args)
        {
            IReadOnlyList<string> parameters = NanoApiCatalog.ParameterTypes(docId);
            int k = parameters.Count;
            if (args.Count == k && Enumerable.Range(0, k).All(i => Fits(args[i], parameters[i])))
            {
                return true;
            }
            if (k == 0)
            {
                return false;
            }
            string last = parameters[k - 1];
            if (!last.EndsWith("[]", StringComparison.Ordinal) || args.Count < k - 1)
            {
                return false;
            }
            string element = last.Substring(0, last.Length - 2);
            for (int i = 0; i < args.Count; i++)
            {
                if (!Fits(args[i], i < k - 1 ? parameters[i] : element))
                {
                    return false;
                }
            }
            return true;
        }

        private bool Fits(Arg arg, string parameter)
        {
            bool byRef = parameter.EndsWith('@');
            if (byRef)
            {
                parameter = parameter.Substring(0, parameter.Length - 1);
            }
            if (byRef != (arg.RefKind != SyntaxKind.None))
            {
                return false;
            }
            ITypeSymbol? argumentType = _model.GetTypeInfo(arg.Expression).Type;
            if (parameter.StartsWith('`'))
            {
                return true; // a generic parameter of a catalog delegate: anything
            }
            ITypeSymbol? target = ParameterType(parameter);
            if (byRef)
            {
                return target != null && argumentType != null && SymbolEqualityComparer.Default.Equals(target, argumentType);
            }
            if (target == null)
            {
                // A nanoFramework-only type (SpanByte...) or one .NET names differently.
                if (argumentType is IErrorTypeSymbol error)
                {
                    return parameter == error.Name || parameter.EndsWith("." + error.Name, StringComparison.Ordinal);
                }
                if (argumentType != null && argumentType.OriginalDefinition.GetDocumentationCommentId() == "T:" + parameter)
                {
                    return true;
                }
                return arg.Expression.IsKind(SyntaxKind.NullLiteralExpression) || arg.Expression.IsKind(SyntaxKind.DefaultLiteralExpression);
            }
            // Identity, reference, boxing, constant, lambda and interpolated-string conversions keep the call's meaning.
            // An implicit numeric widening does not: Math.Abs(long) would bind to Abs(float) on the device (subset-notes §5,
            // §11 lists it as a true miss), so an overload .NET picked for the exact numeric type must exist as such.
            Conversion conversion = _model.ClassifyConversion(arg.Expression, target);
            return conversion.Exists && conversion.IsImplicit && (!conversion.IsNumeric || conversion.IsConstantExpression);
        }

        private ITypeSymbol? ParameterType(string name)
        {
            if (_parameterTypes.TryGetValue(name, out ITypeSymbol? cached))
            {
                return cached;
            }
            ITypeSymbol? result = null;
            if (name.EndsWith("[]", StringComparison.Ordinal))
            {
                ITypeSymbol? element = ParameterType(name.Substring(0, name.Length - 2));
                result = element == null ? null : _compilation.CreateArrayTypeSymbol(element);
            }
            else if (name.IndexOfAny(new[] { '[', '{', '*', '`' }) < 0)
            {
                result = _compilation.GetTypeByMetadataName(name);
                // Nested types: the doc-ID separates them with '.', metadata names with '+'.
                string candidate = name;
                for (int i = 0; result == null && i < 3; i++)
                {
                    int dot = candidate.LastIndexOf('.');
                    if (dot < 0)
                    {
                        break;
                    }
                    candidate = candidate.Substring(0, dot) + "+" + candidate.Substring(dot + 1);
                    result = _compilation.GetTypeByMetadataName(candidate);
                }
            }
            _parameterTypes[name] = result;
            return result;
        }

        /// <summary>
        /// Our own code (declared in the compiled sources) is not checked, except namespaces that stand in for a
        /// nanoFramework library (<see cref="GuardOptions.ExternalNamespaces"/>).
        /// </summary>
        private bool IsExternal(ISymbol symbol)
        {
            if (symbol.ContainingAssembly == null)
            {
                return false;
            }
            INamedTypeSymbol? type = symbol as INamedTypeSymbol ?? symbol.ContainingType;
            if (type != null && IsUnder(NamespaceOf(type), _options.ExternalNamespaces))
            {
                return true;
            }
            return !SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, _compilation.Assembly);
        }

        private bool IsAllowed(INamedTypeSymbol type) => IsUnder(NamespaceOf(type), _options.ExtraAllowedNamespaces);

        private static string NamespaceOf(INamedTypeSymbol type)
        {
            INamespaceSymbol? ns = type.ContainingNamespace;
            return ns == null || ns.IsGlobalNamespace ? "" : ns.ToDisplayString();
        }

        private static bool IsUnder(string ns, IReadOnlyList<string> roots)
        {
            foreach (string root in roots)
            {
                if (ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal))
                {
                    return true;
                }
            }
            return false;
        }

        private string MissingReason(string typeName) =>
            _catalog.HasType(typeName) ? GuardReasons.MissingMember : GuardReasons.MissingMember + " (its type " + typeName + " is missing too)";

        private static string TypeReason(INamedTypeSymbol type, string fallback)
        {
            if (type.SpecialType == SpecialType.System_Decimal)
            {
                return GuardReasons.Decimal;
            }
            if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
            {
                return GuardReasons.NullableValueType;
            }
            return NamespaceReason(NamespaceOf(type), fallback);
        }

        private static string NamespaceReason(string ns, string fallback)
        {
            if (ns == "System.Linq" || ns.StartsWith("System.Linq.", StringComparison.Ordinal))
            {
                return GuardReasons.Linq;
            }
            if (ns == "System.Threading.Tasks" || ns.StartsWith("System.Threading.Tasks.", StringComparison.Ordinal))
            {
                return GuardReasons.Async;
            }
            return fallback;
        }

        private static List<string> FilterKind(IReadOnlyList<string> ids, char kind)
        {
            var result = new List<string>();
            foreach (string id in ids)
            {
                bool match = kind == 'M' ? id[0] == 'M' : id[0] != 'M';
                if (match)
                {
                    result.Add(id);
                }
            }
            return result;
        }

        private void CheckAsyncModifier(SyntaxTokenList modifiers)
        {
            foreach (SyntaxToken modifier in modifiers)
            {
                if (modifier.IsKind(SyntaxKind.AsyncKeyword))
                {
                    Report(modifier, "async", GuardReasons.Async);
                }
            }
        }

        private void CheckAwaitKeyword(SyntaxToken keyword, string construct)
        {
            if (keyword.IsKind(SyntaxKind.AwaitKeyword))
            {
                Report(keyword, construct, GuardReasons.Async);
            }
        }

        private void CheckRequiredModifier(SyntaxTokenList modifiers, string member)
        {
            foreach (SyntaxToken modifier in modifiers)
            {
                if (modifier.IsKind(SyntaxKind.RequiredKeyword))
                {
                    Report(modifier, "required " + member, GuardReasons.RequiredMember);
                }
            }
        }

        private void Report(SyntaxNode node, string member, string reason) => Report(node.GetLocation(), member, reason);

        private void Report(SyntaxToken token, string member, string reason) => Report(token.GetLocation(), member, reason);

        private void Report(Location location, string member, string reason)
        {
            LinePosition start = location.GetLineSpan().StartLinePosition;
            _sink.Add(new GuardViolation(_path, start.Line + 1, start.Character + 1, member, reason));
        }

        private readonly record struct Arg(ExpressionSyntax Expression, SyntaxKind RefKind);

        private enum MeaningKind
        {
            Unknown,
            Allowed,
            Namespace,
            Types,
        }

        private sealed class Meaning
        {
            public static readonly Meaning Unknown = new(MeaningKind.Unknown, "", Array.Empty<string>());
            public static readonly Meaning Allowed = new(MeaningKind.Allowed, "", Array.Empty<string>());

            private Meaning(MeaningKind kind, string ns, IReadOnlyList<string> types)
            {
                Kind = kind;
                Namespace = ns;
                Types = types;
            }

            public MeaningKind Kind { get; }

            public string Namespace { get; }

            public IReadOnlyList<string> Types { get; }

            public static Meaning OfNamespace(string ns) => new(MeaningKind.Namespace, ns, Array.Empty<string>());

            public static Meaning OfTypes(IReadOnlyList<string> types) => new(MeaningKind.Types, "", types);
        }
    }
}
