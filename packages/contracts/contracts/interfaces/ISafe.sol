// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @notice The parts of Safe 1.4.1 this package calls.
interface ISafe {
    enum Operation {
        Call,
        DelegateCall
    }

    function setup(
        address[] calldata owners,
        uint256 threshold,
        address to,
        bytes calldata data,
        address fallbackHandler,
        address paymentToken,
        uint256 payment,
        address payable paymentReceiver
    ) external;

    function enableModule(address module) external;

    function swapOwner(address prevOwner, address oldOwner, address newOwner) external;

    function execTransactionFromModule(address to, uint256 value, bytes calldata data, Operation operation)
        external
        returns (bool success);
}

/// @notice The part of SafeProxyFactory 1.4.1 this package calls.
interface ISafeProxyFactory {
    function createProxyWithNonce(address singleton, bytes memory initializer, uint256 saltNonce)
        external
        returns (address proxy);
}
