"""GraphQL operations (Graphene, Strawberry, Ariadne) as routes of kind "graphql"."""

from __future__ import annotations

from pathlib import Path

from helpers import build_tree, index_of


def _operations(root: Path) -> set[tuple[str, str, str, str]]:
    """(path, handler, module, framework) of every GraphQL route."""
    return {(r.path, r.handler, r.module, r.framework)
            for r in index_of(root).routes if r.kind == "graphql"}


def test_graphene_query_fields_resolvers_and_mutation_classes(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "shop", {
        "shop/__init__.py": "",
        "shop/graphql/__init__.py": "",
        "shop/graphql/product/__init__.py": "",
        "shop/graphql/product/mutations.py": """
            import graphene

            class ProductCreate(graphene.Mutation):
                def mutate(self, info): ...
            """,
        "shop/graphql/product/schema.py": """
            import graphene
            from graphene import ObjectType
            from .mutations import ProductCreate

            class ProductType(graphene.ObjectType):   # not a root type: no operations
                name = graphene.String()

            class ProductQueries(ObjectType):
                product = graphene.Field(ProductType, id=graphene.ID())
                products = graphene.List(ProductType)

                class Meta:
                    description = "queries"

                def resolve_product(self, info, id): ...

            class ProductMutations(graphene.ObjectType):
                product_create = ProductCreate.Field()
            """,
        "shop/graphql/api.py": """
            import graphene
            from .product.schema import ProductMutations, ProductQueries

            class Query(ProductQueries):
                pass

            schema = graphene.Schema(query=Query, mutation=ProductMutations)
            """,
    })
    schema = "shop.graphql.product.schema"
    assert _operations(root) == {
        ("/graphql#Query.product", f"{schema}.ProductQueries.resolve_product", schema,
         "graphene"),
        ("/graphql#Query.products", f"{schema}.ProductQueries.products", schema, "graphene"),
        # a mutation belongs to the module that defines its class, not to the schema's
        ("/graphql#Mutation.product_create", "shop.graphql.product.mutations.ProductCreate",
         "shop.graphql.product.mutations", "graphene"),
    }
    route = next(r for r in index_of(root).routes if r.path.endswith("product_create"))
    assert route.methods == ("POST",) and route.file == "shop/graphql/product/schema.py"


def test_strawberry_root_types_fields_and_methods(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "net", {
        "net/__init__.py": "",
        "net/resolvers.py": """
            def get_devices(): ...
            """,
        "net/schema.py": """
            import strawberry
            import strawberry_django
            from net.resolvers import get_devices

            @strawberry.type(name="Query")
            class DCIMQuery:
                device: str = strawberry_django.field()
                devices: list[str] = strawberry.field(resolver=get_devices)

            @strawberry.type
            class Mutation:
                @strawberry.mutation
                def add_device(self, name: str) -> str: ...

            @strawberry.type
            class Subscription:
                @strawberry.subscription
                async def events(self) -> str: ...

            @strawberry.type
            class DeviceType:   # not a root type
                @strawberry.field
                def name(self) -> str: ...
            """,
    })
    assert _operations(root) == {
        ("/graphql#Query.device", "net.schema.DCIMQuery.device", "net.schema", "strawberry"),
        ("/graphql#Query.devices", "net.resolvers.get_devices", "net.resolvers", "strawberry"),
        ("/graphql#Mutation.add_device", "net.schema.Mutation.add_device", "net.schema",
         "strawberry"),
        ("/graphql#Subscription.events", "net.schema.Subscription.events", "net.schema",
         "strawberry"),
    }


def test_ariadne_bindables_across_modules(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "blog", {
        "blog/__init__.py": "",
        "blog/schema.py": """
            from ariadne import MutationType, ObjectType, QueryType

            query = QueryType()
            mutation = MutationType()
            post = ObjectType("Post")        # a type, not a root: its fields are no operations
            subscription = ObjectType("Subscription")

            @query.field("posts")
            def resolve_posts(*_): ...

            @post.field("title")
            def resolve_title(*_): ...
            """,
        "blog/writes.py": """
            from blog.schema import mutation, subscription

            @mutation.field("createPost")
            def resolve_create_post(*_): ...

            def counter(*_): ...

            subscription.set_field("counter", counter)
            """,
        "blog/other.py": """
            class Registry:
                def field(self, name): ...

            registry = Registry()

            @registry.field("nope")   # not a bindable of the project: no operation
            def nope(): ...
            """,
    })
    assert _operations(root) == {
        ("/graphql#Query.posts", "blog.schema.resolve_posts", "blog.schema", "ariadne"),
        ("/graphql#Mutation.createPost", "blog.writes.resolve_create_post", "blog.writes",
         "ariadne"),
        ("/graphql#Subscription.counter", "blog.writes.counter", "blog.writes", "ariadne"),
    }


def test_no_graphql_library_no_operations(tmp_path: Path) -> None:
    """A class named like a root type that derives from no GraphQL base is no root."""
    root = build_tree(tmp_path / "app", {
        "app/__init__.py": "",
        "app/search.py": """
            class ObjectType: ...

            class SearchQuery(ObjectType):
                term = str()
            """,
    })
    assert _operations(root) == set()


def test_an_operation_gives_its_module_the_domain_word_of_its_field(tmp_path: Path) -> None:
    """The seams' domain words read a GraphQL operation's field, not its `/graphql#...`
    path (that gave one junk word per operation, `graphql_mutation_product_create`)."""
    from strangler.seams.words import route_words

    root = build_tree(tmp_path / "blog", {
        "blog/__init__.py": "",
        "blog/schema.py": """
            from ariadne import MutationType, QueryType

            query = QueryType()
            mutation = MutationType()

            @query.field("blogPosts")
            def resolve_posts(*_): ...

            @mutation.field("createComment")
            def resolve_create_comment(*_): ...

            @mutation.field("invoice_line_update")
            def resolve_line(*_): ...
            """,
    })
    assert route_words(index_of(root)) == {"blog.schema": frozenset({"blog", "comment",
                                                                     "invoice"})}


# ----------------------------------------------------------------- schema construction


def test_graphene_roots_follow_the_schema_not_the_class_names(tmp_path: Path) -> None:
    """Root classes named neither …Query nor …Mutation: `graphene.Schema(query=Root,
    mutation=Writes)` names them, and the classes they derive from are roots too."""
    root = build_tree(tmp_path / "shop", {
        "shop/__init__.py": "",
        "shop/graphql/__init__.py": "",
        "shop/graphql/catalog.py": """
            import graphene

            class ProductCreate(graphene.Mutation):
                def mutate(self, info): ...

            class ProductType(graphene.ObjectType):   # a type the roots return: no operation
                name = graphene.String()

            class CatalogFields(graphene.ObjectType):
                products = graphene.List(ProductType)

                def resolve_products(self, info): ...

            class CatalogWrites(graphene.ObjectType):
                product_create = ProductCreate.Field()
            """,
        "shop/graphql/api.py": """
            import graphene
            from shop.graphql.catalog import CatalogFields, CatalogWrites

            class Root(CatalogFields, graphene.ObjectType):
                ping = graphene.String()

                def resolve_ping(self, info): ...

            class Writes(CatalogWrites):
                pass

            class Unused(graphene.ObjectType):    # named by no schema, nor as a root
                stale = graphene.String()

            schema = graphene.Schema(query=Root, mutation=Writes)
            """,
    })
    catalog, api = "shop.graphql.catalog", "shop.graphql.api"
    assert _operations(root) == {
        ("/graphql#Query.products", f"{catalog}.CatalogFields.resolve_products", catalog,
         "graphene"),
        ("/graphql#Query.ping", f"{api}.Root.resolve_ping", api, "graphene"),
        ("/graphql#Mutation.product_create", f"{catalog}.ProductCreate", catalog, "graphene"),
    }


def test_the_schema_decides_over_the_name_and_a_project_builder_is_followed(
        tmp_path: Path) -> None:
    """A class named `…Query` that a schema serves as its mutation root is a mutation root;
    `schema = build_federated_schema(Q, mutation=M)` (the project's own builder, in a module
    that imports only graphql-core, as Saleor's api.py) is read as `graphene.Schema` is."""
    root = build_tree(tmp_path / "app", {
        "app/__init__.py": "",
        "app/federation.py": """
            import graphene

            def build_federated_schema(query, mutation=None):
                return graphene.Schema(query=query, mutation=mutation)
            """,
        "app/types.py": """
            import graphene

            class Reads(graphene.ObjectType):
                users = graphene.List(graphene.String)

            class SaveQuery(graphene.ObjectType):   # misnamed: the schema's mutation root
                save = graphene.String()
            """,
        "app/api.py": """
            import graphql
            from app.federation import build_federated_schema
            from app.types import Reads, SaveQuery

            schema = build_federated_schema(Reads, mutation=SaveQuery)
            """,
    })
    assert {(path, handler) for path, handler, _, _ in _operations(root)} == {
        ("/graphql#Query.users", "app.types.Reads.users"),
        ("/graphql#Mutation.save", "app.types.SaveQuery.save"),
    }


def test_strawberry_roots_follow_the_schema_and_its_bases(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "net", {
        "net/__init__.py": "",
        "net/dcim.py": """
            import strawberry
            from net.resolvers import get_devices

            @strawberry.type
            class Device:                   # a type the roots return: no operation
                @strawberry.field
                def label(self) -> str: ...

            @strawberry.type
            class DCIMFields:
                devices: list[Device] = strawberry.field(resolver=get_devices)

                @strawberry.field
                def device(self, id: int) -> Device: ...
            """,
        "net/resolvers.py": """
            def get_devices(): ...
            """,
        "net/schema.py": """
            import strawberry
            from net.dcim import DCIMFields

            @strawberry.type
            class Root(DCIMFields):
                pass

            @strawberry.type
            class Changes:
                @strawberry.field
                def add_device(self, name: str) -> bool: ...

            schema = strawberry.Schema(Root, mutation=Changes)
            """,
    })
    assert _operations(root) == {
        ("/graphql#Query.devices", "net.resolvers.get_devices", "net.resolvers", "strawberry"),
        ("/graphql#Query.device", "net.dcim.DCIMFields.device", "net.dcim", "strawberry"),
        ("/graphql#Mutation.add_device", "net.schema.Changes.add_device", "net.schema",
         "strawberry"),
    }


def test_ariadne_roots_named_by_the_sdl_schema_definition(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "blog", {
        "blog/__init__.py": "",
        "blog/schema.py": '''
            from ariadne import ObjectType, gql, make_executable_schema

            type_defs = gql("""
                schema { query: RootQuery mutation: RootMutation }
                type RootQuery { posts: [Post!]! }
                type RootMutation { createPost(title: String!): Post }
                type Post { title: String! }
            """)
            root_query = ObjectType("RootQuery")
            root_mutation = ObjectType("RootMutation")
            post = ObjectType("Post")       # a type, not a root: its fields are no operations

            @root_query.field("posts")
            def resolve_posts(*_): ...

            @post.field("title")
            def resolve_title(*_): ...

            def create_post(*_): ...

            root_mutation.set_field("createPost", create_post)
            schema = make_executable_schema(type_defs, root_query, root_mutation, post)
            ''',
    })
    assert _operations(root) == {
        ("/graphql#Query.posts", "blog.schema.resolve_posts", "blog.schema", "ariadne"),
        ("/graphql#Mutation.createPost", "blog.schema.create_post", "blog.schema", "ariadne"),
    }
