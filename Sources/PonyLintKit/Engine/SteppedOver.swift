import SwiftSyntax

/// Which nodes ``SessionWalker`` steps over instead of entering, by their kind.
enum SteppedOver {
    /// Always: names, types, patterns that only name, effect specifiers, literals, modifiers and imports hold no
    /// call, closure, declaration or suspension.
    case always
    /// Where the node's text is inert (``InertText``): expressions and lists that hold a call, closure, `#if` or
    /// `await` only where their text shows one.
    case whereInert
}

extension SyntaxKind {
    /// Whether and when the walk steps over a node of this kind; nil when it always enters one.
    var steppedOver: SteppedOver? {
        switch self {
        case .declReferenceExpr, .identifierType, .memberType, .optionalType, .implicitlyUnwrappedOptionalType,
            .arrayType, .dictionaryType, .tupleType, .functionType, .attributedType, .someOrAnyType, .metatypeType,
            .compositionType, .typeAnnotation, .returnClause, .inheritanceClause, .genericParameterClause,
            .genericWhereClause, .identifierPattern, .wildcardPattern, .functionEffectSpecifiers,
            .accessorEffectSpecifiers, .typeEffectSpecifiers, .throwsClause, .declModifierList, .importDecl,
            .integerLiteralExpr, .floatLiteralExpr, .booleanLiteralExpr, .stringSegment:
            .always
        case .memberAccessExpr, .labeledExprList, .labeledExpr, .multipleTrailingClosureElementList, .attributeList,
            .exprList, .sequenceExpr, .tryExpr, .patternBindingList, .patternBinding, .initializerClause,
            .functionParameterList, .functionParameter, .subscriptCallExpr, .binaryOperatorExpr, .assignmentExpr,
            .tupleExpr, .arrayExpr, .dictionaryExpr, .stringLiteralExpr, .conditionElementList, .conditionElement,
            .whereClause, .infixOperatorExpr, .prefixOperatorExpr, .postfixOperatorExpr, .ternaryExpr,
            .optionalChainingExpr, .forceUnwrapExpr, .asExpr, .isExpr:
            .whereInert
        default:
            nil
        }
    }
}
