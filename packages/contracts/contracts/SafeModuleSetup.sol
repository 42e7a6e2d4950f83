// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ISafe} from "./interfaces/ISafe.sol";

/// @title SafeModuleSetup
/// @notice Enables modules while a Safe is being set up. The Safe delegatecalls
/// `enableModules` from `setup`, so `address(this)` is the Safe and the self-call
/// passes Safe's `authorized` check.
contract SafeModuleSetup {
    address private immutable SELF = address(this);

    error OnlyDelegateCall();

    /// @notice Enables each of `modules` on the calling Safe (delegatecall only).
    function enableModules(address[] calldata modules) external {
        if (address(this) == SELF) revert OnlyDelegateCall();
        for (uint256 i; i < modules.length; ++i) {
            ISafe(address(this)).enableModule(modules[i]);
        }
    }
}
