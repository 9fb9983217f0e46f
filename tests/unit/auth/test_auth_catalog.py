"""Choosing an endpoint from v2.0 (Rackspace) and v3 (Keystone) service catalogs."""

import pytest

from swiftfiles.auth.catalog import find_endpoint, find_services, normalize_interface, select_endpoint
from swiftfiles.exceptions import ConfigurationError


def rackspace_catalog() -> list[dict]:
    return [
        {
            "name": "cloudFiles",
            "type": "object-store",
            "endpoints": [
                {
                    "region": "DFW",
                    "tenantId": "MossoCloudFS_123",
                    "publicURL": "https://storage101.dfw1.clouddrive.com/v1/MossoCloudFS_123",
                    "internalURL": "https://snet-storage101.dfw1.clouddrive.com/v1/MossoCloudFS_123",
                },
                {
                    "region": "ORD",
                    "tenantId": "MossoCloudFS_123",
                    "publicURL": "https://storage101.ord1.clouddrive.com/v1/MossoCloudFS_123",
                    "internalURL": "https://snet-storage101.ord1.clouddrive.com/v1/MossoCloudFS_123",
                },
            ],
        },
        {
            "name": "cloudFilesCDN",
            "type": "rax:object-cdn",
            "endpoints": [
                {
                    "region": "DFW",
                    "tenantId": "MossoCloudFS_123",
                    "publicURL": "https://cdn1.clouddrive.com/v1/MossoCloudFS_123",
                },
            ],
        },
        {"name": "cloudServersOpenStack", "type": "compute", "endpoints": []},
    ]


def test_explicit_region_is_case_insensitive() -> None:
    endpoint = select_endpoint(rackspace_catalog(), service_type="object-store", region="ord")
    assert endpoint.region == "ORD"
    assert endpoint.url == "https://storage101.ord1.clouddrive.com/v1/MossoCloudFS_123"
    assert endpoint.service_name == "cloudFiles"
    assert endpoint.tenant_id == "MossoCloudFS_123"


def test_internal_interface() -> None:
    endpoint = select_endpoint(rackspace_catalog(), service_type="object-store", region="DFW", interface="internalURL")
    assert endpoint.url.startswith("https://snet-storage101.dfw1")
    assert endpoint.interface == "internal"


def test_unknown_region_lists_available_ones() -> None:
    with pytest.raises(ConfigurationError) as info:
        select_endpoint(rackspace_catalog(), service_type="object-store", region="XYZ")
    assert str(info.value) == "no object-store endpoint in region 'XYZ'; available: DFW, ORD"


def test_several_regions_without_choice_uses_default_region() -> None:
    endpoint = select_endpoint(rackspace_catalog(), service_type="object-store", default_region="ORD")
    assert endpoint.region == "ORD"


def test_several_regions_without_any_choice_is_an_error() -> None:
    with pytest.raises(ConfigurationError, match=r"several regions.*DFW, ORD"):
        select_endpoint(rackspace_catalog(), service_type="object-store")


def test_default_region_missing_from_catalog() -> None:
    with pytest.raises(ConfigurationError, match="default region 'SYD'.*DFW, ORD"):
        select_endpoint(rackspace_catalog(), service_type="object-store", default_region="SYD")


def test_single_region_needs_no_choice() -> None:
    endpoint = select_endpoint(rackspace_catalog(), service_type="rax:object-cdn")
    assert endpoint.region == "DFW"
    # and it wins over a default region the service does not have
    assert select_endpoint(rackspace_catalog(), service_type="rax:object-cdn", default_region="ORD").region == "DFW"


def test_missing_service_lists_types() -> None:
    with pytest.raises(ConfigurationError, match=r"no image service; available: compute, object-store"):
        select_endpoint(rackspace_catalog(), service_type="image")


def test_missing_interface() -> None:
    catalog = rackspace_catalog()
    with pytest.raises(ConfigurationError, match="no admin endpoint"):
        select_endpoint(catalog, service_type="object-store", region="DFW", interface="admin")
    with pytest.raises(ConfigurationError, match="no rax:object-cdn internal endpoint in region 'DFW'"):
        select_endpoint(
            catalog + [{"type": "rax:object-cdn", "endpoints": [{"region": "ORD", "internalURL": "https://x"}]}],
            service_type="rax:object-cdn",
            region="DFW",
            interface="internal",
        )


def test_by_name() -> None:
    assert find_services(rackspace_catalog(), service_name="cloudfiles")[0]["type"] == "object-store"
    endpoint = select_endpoint(rackspace_catalog(), service_name="cloudFilesCDN")
    assert endpoint.service_type == "rax:object-cdn"
    with pytest.raises(ConfigurationError):
        select_endpoint(rackspace_catalog(), service_type="object-store", service_name="cloudFilesCDN")


def test_find_endpoint_is_optional() -> None:
    catalog = rackspace_catalog()
    assert find_endpoint(catalog, service_type="rax:object-cdn", region="ORD") is None
    assert find_endpoint(catalog, service_type="rax:object-cdn", region="dfw") is not None
    assert find_endpoint(catalog, service_type="nothing") is None


def test_keystone_v3_shape() -> None:
    catalog = [
        {
            "type": "object-store",
            "name": "swift",
            "endpoints": [
                {
                    "interface": "public",
                    "region_id": "RegionOne",
                    "region": "RegionOne",
                    "url": "http://a/v1/X",
                },
                {"interface": "internal", "region_id": "RegionOne", "url": "http://internal/v1/X"},
                {"interface": "public", "region_id": "RegionTwo", "url": "http://b/v1/X"},
            ],
        }
    ]
    assert select_endpoint(catalog, service_type="object-store", region="RegionTwo").url == "http://b/v1/X"
    assert select_endpoint(catalog, service_type="object-store", interface="internal").url == "http://internal/v1/X"


def test_normalize_interface() -> None:
    assert normalize_interface("publicURL") == "public"
    assert normalize_interface(" Internal ") == "internal"
    with pytest.raises(ConfigurationError, match="unknown endpoint interface 'private'"):
        normalize_interface("private")
