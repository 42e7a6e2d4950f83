// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {DelayedRecoveryModule} from "./DelayedRecoveryModule.sol";
import {ISafe, ISafeProxyFactory} from "./interfaces/ISafe.sol";
import {SafeModuleSetup} from "./SafeModuleSetup.sol";
import {TokenHolder} from "./TokenHolder.sol";

interface ISafeProxyCreationCode {
    function proxyCreationCode() external pure returns (bytes memory);
}

/// @title UserWalletFactory
/// @notice Creates a user's wallet in one transaction: a Safe 1.4.1 proxy (the device
/// manager: device key as owner, threshold 1, recovery module enabled during setup), a
/// DelayedRecoveryModule clone bound to that Safe, and a TokenHolder clone owned by the
/// Safe, optionally with first sessions.
/// @dev All three addresses are CREATE2-derived from (caller, salt), see `predictUserWallet`.
contract UserWalletFactory {
    ISafeProxyFactory public immutable safeProxyFactory;
    address public immutable safeSingleton;
    address public immutable fallbackHandler;
    address public immutable tokenHolderImplementation;
    address public immutable recoveryModuleImplementation;
    address public immutable recoveryController;
    uint64 public immutable recoveryDelay;
    SafeModuleSetup public immutable moduleSetup;

    event UserWalletCreated(
        address indexed safe, address indexed tokenHolder, address indexed recoveryModule
    );

    error ZeroAddress();
    error ZeroDelay();
    error SafeCreationFailed();

    constructor(
        ISafeProxyFactory safeProxyFactory_,
        address safeSingleton_,
        address fallbackHandler_,
        address tokenHolderImplementation_,
        address recoveryModuleImplementation_,
        address recoveryController_,
        uint64 recoveryDelay_
    ) {
        if (
            address(safeProxyFactory_) == address(0) || safeSingleton_ == address(0)
                || fallbackHandler_ == address(0) || tokenHolderImplementation_ == address(0)
                || recoveryModuleImplementation_ == address(0) || recoveryController_ == address(0)
        ) revert ZeroAddress();
        if (recoveryDelay_ == 0) revert ZeroDelay();
        safeProxyFactory = safeProxyFactory_;
        safeSingleton = safeSingleton_;
        fallbackHandler = fallbackHandler_;
        tokenHolderImplementation = tokenHolderImplementation_;
        recoveryModuleImplementation = recoveryModuleImplementation_;
        recoveryController = recoveryController_;
        recoveryDelay = recoveryDelay_;
        moduleSetup = new SafeModuleSetup();
    }

    /// @notice Creates the Safe, recovery module and TokenHolder of one user.
    /// @param device The device key: the Safe's only owner.
    /// @param recoveryOwner The address derived from the user's PIN.
    /// @param salt Any per-user value (e.g. a hash of the user id); mixed with the caller.
    /// @param sessionKeys First session keys (may be empty).
    /// @param spendingLimits Spending limit per session key, in the token's smallest unit.
    /// @param expiresAts Expiry per session key, unix time in seconds.
    function createUserWallet(
        address device,
        address recoveryOwner,
        bytes32 salt,
        address[] calldata sessionKeys,
        uint256[] calldata spendingLimits,
        uint256[] calldata expiresAts
    ) external returns (address safe, address tokenHolder, address recoveryModule) {
        bytes32 userSalt = _userSalt(msg.sender, salt);
        (safe, recoveryModule) = _createSafe(device, recoveryOwner, userSalt);
        tokenHolder = Clones.cloneDeterministic(tokenHolderImplementation, userSalt);
        TokenHolder(tokenHolder).setup(safe, sessionKeys, spendingLimits, expiresAts);

        emit UserWalletCreated(safe, tokenHolder, recoveryModule);
    }

    /// @notice The addresses `createUserWallet` would produce for `creator`, `salt`, `device`.
    function predictUserWallet(address creator, bytes32 salt, address device)
        external
        view
        returns (address safe, address tokenHolder, address recoveryModule)
    {
        bytes32 userSalt = _userSalt(creator, salt);
        recoveryModule = Clones.predictDeterministicAddress(recoveryModuleImplementation, userSalt);
        tokenHolder = Clones.predictDeterministicAddress(tokenHolderImplementation, userSalt);
        safe = _predictSafe(_safeInitializer(device, recoveryModule), userSalt);
    }

    /// @dev The address SafeProxyFactory.createProxyWithNonce gives this initializer and salt.
    function _predictSafe(bytes memory initializer, bytes32 userSalt)
        private
        view
        returns (address safe)
    {
        bytes32 create2Salt = keccak256(abi.encodePacked(keccak256(initializer), uint256(userSalt)));
        bytes memory code = abi.encodePacked(
            ISafeProxyCreationCode(address(safeProxyFactory)).proxyCreationCode(),
            uint256(uint160(safeSingleton))
        );
        safe = address(
            uint160(
                uint256(
                    keccak256(
                        abi.encodePacked(
                            bytes1(0xff), address(safeProxyFactory), create2Salt, keccak256(code)
                        )
                    )
                )
            )
        );
    }

    function _createSafe(address device, address recoveryOwner, bytes32 userSalt)
        private
        returns (address safe, address recoveryModule)
    {
        if (device == address(0)) revert ZeroAddress();
        recoveryModule = Clones.cloneDeterministic(recoveryModuleImplementation, userSalt);
        bytes memory initializer = _safeInitializer(device, recoveryModule);
        try safeProxyFactory.createProxyWithNonce(safeSingleton, initializer, uint256(userSalt))
        returns (address proxy) {
            safe = proxy;
        } catch {
            // Anyone may call the proxy factory with this public initializer and salt,
            // e.g. to front-run the relayer. The address commits to the initializer, so
            // a Safe found there was set up exactly as ours (device owner, threshold 1,
            // this recovery module, which only this factory can deploy): adopt it.
            safe = _predictSafe(initializer, userSalt);
            if (safe.code.length == 0) revert SafeCreationFailed();
        }
        DelayedRecoveryModule(recoveryModule).setup(
            safe, recoveryOwner, recoveryController, recoveryDelay
        );
    }

    function _userSalt(address creator, bytes32 salt) private pure returns (bytes32) {
        return keccak256(abi.encode(creator, salt));
    }

    function _safeInitializer(address device, address recoveryModule)
        private
        view
        returns (bytes memory)
    {
        address[] memory owners = new address[](1);
        owners[0] = device;
        address[] memory modules = new address[](1);
        modules[0] = recoveryModule;
        return abi.encodeCall(
            ISafe.setup,
            (
                owners,
                1,
                address(moduleSetup),
                abi.encodeCall(SafeModuleSetup.enableModules, (modules)),
                fallbackHandler,
                address(0),
                0,
                payable(address(0))
            )
        );
    }
}
